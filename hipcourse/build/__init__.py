"""hipcourse.build: lessons -> handouts, slides, the course map, the student copy, the app.

``handouts`` is the front door (``from hipcourse import handouts``); the code is in
``notebook`` (views of a lesson), ``execute`` (nbclient), ``export`` (nbconvert pages, HTML
audit, PDF), ``site`` (the course map), ``state`` (fingerprints, the state file),
``results`` (what a build reports), ``runner`` (the incremental, parallel build) and
``app`` (the Voila command).
"""
