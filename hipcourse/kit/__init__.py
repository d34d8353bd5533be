"""hipcourse.kit"""
