"""hipcourse.views"""
