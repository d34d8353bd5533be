"""hipcourse.build: lessons -> the course site, slides, the student copy, the app.

``handouts`` is the front door (``from hipcourse import handouts``); the code is in
``notebook`` (views of a lesson), ``execute`` (nbclient), ``export`` (staging pages, slides,
HTML audit, PDF), ``website`` and ``website_lessons`` (the Sphinx course site),
``slide_layout`` (one idea per slide), ``state`` (fingerprints, the state file),
``results`` (what a build reports), ``runner`` (the incremental, parallel build) and
``app`` (the Voila command).
"""
