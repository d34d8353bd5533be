"""hipcourse.models"""
