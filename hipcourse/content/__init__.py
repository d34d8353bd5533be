"""hipcourse.content"""
