"""The app without a browser: the launcher's settings and Voilà command, the player page,
and the app widget (form defaults, levels from the journal, downloads made in memory)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from hipcourse.build import app as A
from hipcourse.content.catalog import load_catalog
from hipcourse.models import routine as R
from hipcourse.views import player as P

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = "<img src=x onerror=alert(1)> </script><script>alert(2)</script> __DATA__"


def _routine(**kw):
    return R.build_routine(R.RoutineRequest(**{"minutes": 10, **kw}))


# --------------------------------------------------------------------------- launcher
@pytest.mark.parametrize(
    "value, expected",
    [
        ("127.0.0.1", "127.0.0.1"),
        (" ::1 ", "::1"),
        ("0.0.0.0", "0.0.0.0"),
        ("Class-Laptop.local", "class-laptop.local"),
        ("localhost", "localhost"),
    ],
)
def test_good_hosts(value, expected):
    assert A.check_host(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        None,
        "999.1.1.1",
        "1.2.3",
        "http://x",
        "a b",
        "-bad.example",
        "x" * 300,
        "évil.example",
        8866,
    ],
)
def test_bad_hosts_are_refused_naming_the_option(value):
    with pytest.raises(ValueError, match=r"--host") as exc:
        A.check_host(value)
    assert len(str(exc.value)) < 200


def test_loopback():
    assert A.is_loopback("127.0.0.1") and A.is_loopback("::1") and A.is_loopback("localhost")
    assert not A.is_loopback("0.0.0.0") and not A.is_loopback("192.168.1.5")
    assert not A.is_loopback("class-laptop.local")


def test_settings_defaults_and_token():
    a, b = A.AppSettings(), A.AppSettings()
    assert (a.host, a.port, a.idle_timeout_s) == ("127.0.0.1", 8866, 600)
    assert a.token != b.token and len(a.token) >= 30
    assert a.url == f"http://127.0.0.1:8866/?token={a.token}"
    assert A.AppSettings(host="::1").url.startswith("http://[::1]:8866/")
    for field, kw in (
        ("--port", {"port": 0}),
        ("--idle-timeout", {"idle_timeout_s": 1}),
        ("--pool-size", {"pool_size": -1}),
        ("token", {"token": "short"}),
    ):
        with pytest.raises(ValueError, match=re.escape(field)):
            A.AppSettings(**kw)


def test_voila_config_host_check_on_loopback_only():
    local = A.voila_config(A.AppSettings(token="t" * 20))
    assert local["Voila"]["token"] == "t" * 20
    assert local["Voila"]["tornado_settings"]["allow_remote_access"] is False
    assert "localhost" in local["Voila"]["tornado_settings"]["local_hostnames"]
    lan = A.voila_config(A.AppSettings(host="0.0.0.0"))
    assert lan["Voila"]["tornado_settings"]["allow_remote_access"] is True


def test_voila_command_and_private_config(tmp_path):
    s = A.AppSettings(port=9999, idle_timeout_s=120, pool_size=3)
    private = A.prepare(s, tmp_path)
    assert oct((private / "voila.json").stat().st_mode & 0o777) == "0o600"
    assert json.loads((private / "voila.json").read_text())["Voila"]["token"] == s.token
    cmd = A.voila_command(A.APP_NOTEBOOK, s, private)
    joined = " ".join(cmd)
    assert s.token not in joined, "the token must not be visible in ps"
    for flag in (
        "--preheat_kernel=True",
        "--pool_size=3",
        "--template=hipcourse_app",
        "--MappingKernelManager.cull_idle_timeout=120",
        "--MappingKernelManager.cull_interval=30",
        "--MappingKernelManager.cull_connected=False",
        "--Voila.ip=127.0.0.1",
        f"--Voila.connection_dir_root={private}",
        "--strip_sources=True",
    ):
        assert flag in cmd, flag
    env = A.app_environment(private, {"JUPYTER_PATH": "/x"})
    assert env["JUPYTER_PATH"].split(os.pathsep) == [str(A.JUPYTER_DATA), "/x"]
    assert env["TMPDIR"] == str(private) and "HIPCOURSE_APP_JOURNAL" not in env
    assert A.app_environment(private, {}, loopback=False)["HIPCOURSE_APP_JOURNAL"] == "off"


def test_template_and_notebook_are_package_data():
    tpl = A.JUPYTER_DATA / "voila" / "templates" / A.VOILA_TEMPLATE
    assert json.loads((tpl / "conf.json").read_text())["base_template"] == "lab"
    assert "cdn" not in (tpl / "index.html.j2").read_text().lower().replace(
        "cdn links", ""
    ).replace("to a cdn", "")
    nb = json.loads(A.APP_NOTEBOOK.read_text())
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert len(code) == 1 and "routine_app()" in "".join(code[0]["source"])
    assert not any(c.get("outputs") for c in code)


# --------------------------------------------------------------------------- player
def test_player_plays_the_models_timeline():
    routine = _routine(focus=("hamstrings", "groin"))
    data = P.player_data(routine)
    segs = R.timeline(routine)
    shown = [
        (s["kind"], s["step"], s["start_s"], s["duration_s"], s["text"]) for s in data["segments"]
    ]
    assert shown == [(s.kind, s.step_index, s.start_s, s.duration_s, s.text) for s in segs]
    assert [[(c["at_s"], c["kind"]) for c in s["cues"]] for s in data["segments"]] == [
        [(c.at_s, c.kind) for c in s.cues] for s in segs
    ]
    assert data["total_s"] == routine.total_s == segs[-1].end_s
    assert set(data["pictures"]) == {s.stretch_id for s in routine.steps}
    kinds = {c.kind for s in segs for c in s.cues}
    assert kinds <= set(data["tones"]), "a cue kind without a sound"


def test_player_page_is_self_contained_and_offline(tmp_path):
    page = P.player_html(_routine(minutes=15))
    assert page.startswith("<!DOCTYPE html>")
    assert "default-src 'none'" in page  # CSP: no request can leave
    refs = re.findall(r"""(?:src|href)\s*=\s*["']?(?!data:)([a-z]+:)?//""", page, re.I)
    assert refs == [], refs
    assert page.count("data:image/png;base64,") >= 1
    assert 50_000 < len(page.encode()) < 1_500_000


def test_player_escapes_typed_text():
    page = P.player_html(_routine(), title=HOSTILE)
    head, body = page.split("<body>", 1)
    assert "<img src=x" not in page and "<script>alert" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in head
    data_json = re.search(r'id="routine-data">(.*?)</script>', page, re.S).group(1)
    assert "</" not in data_json
    assert json.loads(data_json)["title"] == " ".join(HOSTILE.split())
    with pytest.raises(ValueError, match="title"):
        P.player_html(_routine(), title="x" * 101)


def test_write_player_never_replaces_a_foreign_file(tmp_path):
    routine = _routine()
    path = tmp_path / "player.html"
    P.write_player(routine, path)
    first = path.read_bytes()
    P.write_player(_routine(minutes=5), path)  # its own file: replaced
    assert path.read_bytes() != first
    mine = tmp_path / "notes.html"
    mine.write_text("my notes")
    with pytest.raises(ValueError, match="notes.html.*left untouched"):
        P.write_player(routine, mine)
    assert mine.read_text() == "my notes"
    with pytest.raises(ValueError, match="folder"):
        P.write_player(routine, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == [
        "notes.html",
        "player.html",
    ]


# --------------------------------------------------------------------------- app widget
@pytest.fixture
def no_journal(tmp_path, monkeypatch):
    monkeypatch.setenv("HIPCOURSE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("HIPCOURSE_APP_JOURNAL", raising=False)
    return tmp_path / "data"


def test_app_defaults_are_what_a_beginner_expects(no_journal):
    from hipcourse.views.widgets.routine_app import routine_app

    app = routine_app()
    req = app.request()
    assert req.equipment == () and req.focus == () and req.restrictions == ()
    assert req.minutes == 15 and req.session == "focused" and req.levels == ()
    assert app.routine.steps and app.routine == R.build_routine(req)
    assert "rung 1" in app.levels_note
    assert not no_journal.exists(), "the app created a journal or a data folder"


def test_app_form_changes_rebuild_and_errors_show(no_journal):
    from hipcourse.views.widgets.routine_app import routine_app

    app = routine_app()
    app.session.value = "desk-break"
    app.focus["groin"].value = True
    app.equipment["chair"].value = True
    app.restrictions["hip-replacement-posterior"].value = True
    want = R.build_routine(
        R.RoutineRequest(
            minutes=15,
            session="desk-break",
            focus=("groin",),
            equipment=("chair",),
            restrictions=("hip-replacement-posterior",),
        )
    )
    assert app.routine == want
    for st in want.steps:
        assert load_catalog().stretch(st.stretch_id).name in app.summary.value
    app.limits["chair-only"].value = True
    app.session.value = "focused"
    assert app.routine.request.limits == ("chair-only",) and app.message.value == ""
    assert app.routine.steps == () and "No stretch fits" in app.summary.value
    assert app.follow_button.disabled and app.downloads_button.disabled
    app.restrictions["hip-replacement-posterior"].value = False
    assert {st.position for st in app.routine.steps} == {"chair"}
    assert not app.follow_button.disabled


def test_app_levels_from_the_journal(no_journal):
    from hipcourse.models.assessment import suggest
    from hipcourse.models.journal import Journal
    from hipcourse.views.widgets.routine_app import journal_levels, routine_app

    with Journal() as j:
        j.add_assessment("straight-leg-raise", "left", 95, date="2025-03-01")
        j.add_assessment("straight-leg-raise", "right", 92, date="2025-03-01")
        want = suggest(j.assessments())
    levels, note = journal_levels()
    assert levels == {g: s.level for g, s in want.items()} and levels["hamstrings"] > 1
    assert "self-tests" in note and want["hamstrings"].reason in note
    app = routine_app()
    assert app.levels["hamstrings"].value == levels["hamstrings"]
    assert app.request().level("hamstrings") == levels["hamstrings"]
    os.environ["HIPCOURSE_APP_JOURNAL"] = "off"
    try:
        assert journal_levels() == ({}, "")
    finally:
        del os.environ["HIPCOURSE_APP_JOURNAL"]


def test_app_player_and_downloads_are_made_in_memory(no_journal, tmp_path):
    import base64
    import html

    from hipcourse.views.widgets.routine_app import routine_app

    before = set(Path(tmp_path).rglob("*"))
    app = routine_app()
    app.follow_along()
    assert 'iframe class="hc-player"' in app.player.value
    srcdoc = html.unescape(re.search(r'srcdoc="([^"]*)"', app.player.value).group(1))
    assert srcdoc == P.player_html(app.routine)
    app.offer_files()
    links = dict(
        re.findall(r'download="([^"]+)" href="data:text/html;base64,([^"]+)"', app.downloads.value)
    )
    assert set(links) == {"stretch-player.html", "stretch-routine.html"}
    assert base64.b64decode(links["stretch-player.html"]).decode() == srcdoc
    assert "/" not in re.sub(r"<a [^>]*>|</a>|</p>|<p [^>]*>|</?b>", "", app.downloads.value)
    assert set(Path(tmp_path).rglob("*")) == before, "the app wrote files"


def test_app_kernel_imports_no_matplotlib():
    code = (
        "import sys; from hipcourse.views.widgets.routine_app import routine_app; "
        "a = routine_app(levels={}); a.follow_along(); a.offer_files(); "
        "print(sorted(m for m in ('matplotlib', 'mujoco', 'nbformat', 'scipy') "
        "if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "[]"


# --------------------------------------------------------------------------- the commands
@pytest.mark.parametrize(
    "argv, field",
    [
        (["--host", ""], "--host"),
        (["--host", "   "], "--host"),
        (["--host", "not a host"], "--host"),
        (["--host", "x" * 500], "--host"),
        (["--port", "0"], "--port"),
        (["--port", "1_5"], "--port"),
        (["--port", "-1"], "--port"),
        (["--port", "99999"], "--port"),
        (["--idle-timeout", "0"], "--idle-timeout"),
        (["--idle-timeout", "1e3"], "--idle-timeout"),
        (["--pool-size", "many"], "--pool-size"),
        (["--notebook", "no-such.ipynb"], "--notebook"),
        (["--notebook", "README.md"], "--notebook"),
    ],
)
def test_app_command_refuses_bad_options_in_one_line(argv, field, capsys):
    from hipcourse.cli import main

    assert main(["app", "--no-browser", *argv]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and field in err and len(err) < 300, err


def test_routine_command_writes_the_player(tmp_path, capsys):
    from hipcourse.cli import main

    out = tmp_path / "mat.html"
    argv = [
        "routine",
        "--minutes",
        "10",
        "--focus",
        "groin",
        "--name",
        "<b>Zoë</b>",
        "--player",
        str(out),
    ]
    assert main(argv) == 0
    assert f"Player: {out}" in capsys.readouterr().out
    want = R.build_routine(R.RoutineRequest(minutes=10, focus=("groin",)))
    assert out.read_text(encoding="utf-8") == P.player_html(want, title="<b>Zoë</b>")
    mine = tmp_path / "mine.html"
    mine.write_text("keep me")
    assert main(argv[:-1] + [str(mine)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "mine.html" in err and "untouched" in err
    assert mine.read_text() == "keep me"


def test_player_escapes_any_typed_title():
    from hypothesis import assume, given
    from test_hostile import FAST, assert_no_injected_markup, hostile_text

    routine = _routine(minutes=5, session="desk-break")
    reference = P.player_html(routine, title="T")

    @FAST
    @given(title=hostile_text(P.TITLE_MAX))
    def check(title):
        assume(title.split())
        page = P.player_html(routine, title=title)
        assert_no_injected_markup(page, reference, title)
        data = re.search(r'id="routine-data">(.*?)</script>', page, re.S).group(1)
        assert json.loads(data)["title"] == " ".join(title.split())

    check()
