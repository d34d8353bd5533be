"""hipcourse.build"""
