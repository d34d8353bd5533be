"""The catalog loads, and every kind of broken file fails with a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from hipcourse.content.catalog import (
    GROUP_IDS,
    MUSCLES_FILE,
    STRETCHES_FILE,
    CatalogError,
    load_catalog,
)


def test_default_catalog_is_complete():
    cat = load_catalog()
    assert len(cat.stretches) >= 20
    for g in GROUP_IDS:
        ladder = cat.ladder(g)
        assert len(ladder) >= 4
        assert [s.level for s in ladder] == list(range(1, len(ladder) + 1))
        assert cat.muscles_of(g)
    ache_ids = {a.id for a in cat.aches}
    assert {
        "front-of-knee",
        "side-of-knee",
        "inside-of-knee",
        "low-back",
        "upper-back",
        "neck",
    } <= ache_ids
    restriction_ids = {r.id for r in cat.restrictions}
    assert {
        "hip-replacement-posterior",
        "hip-replacement-anterior",
        "pregnancy",
        "acute-pain",
        "osteoporosis",
        "knee-injury",
    } <= restriction_ids


def test_every_stretch_is_fully_described():
    for s in load_catalog().stretches:
        assert s.setup and s.cues and s.mistakes and s.cautions and s.feel, s.id
        assert s.easier and s.harder and s.breathing and s.come_out, s.id
        assert 0 <= s.intensity[0] <= s.intensity[1] <= 6, s.id
        assert 10 <= s.hold_s <= 60 and s.reps >= 1 and s.sides in (1, 2), s.id


def test_side_bend_stretches_the_leg_nearest_the_wall_throughout():
    s = load_catalog().stretch("glute-standing-side-bend")
    text = " ".join((*s.setup, *s.cues, s.feel)).lower()
    assert "cross the leg nearest the wall behind" in text
    assert "leg nearest the wall" in s.feel.lower() and "outer leg" not in text


def test_heel_on_step_does_not_call_a_calf_pull_normal():
    s = load_catalog().stretch("hamstring-standing-step")
    assert "calf" not in s.feel.lower()
    assert any("nerve" in c for c in s.cautions)


def test_required_muscles_present_with_model_names():
    cat = load_catalog()
    for mid in [
        "semitendinosus",
        "semimembranosus",
        "biceps-femoris-long-head",
        "biceps-femoris-short-head",
        "rectus-femoris",
        "vastus-lateralis",
        "vastus-medialis",
        "vastus-intermedius",
        "gluteus-maximus",
        "gluteus-medius",
        "gluteus-minimus",
        "piriformis",
        "tensor-fasciae-latae",
        "psoas-major",
        "iliacus",
        "sartorius",
        "pectineus",
        "adductor-longus",
        "adductor-brevis",
        "adductor-magnus",
        "gracilis",
    ]:
        cat.muscle(mid)
    assert set(cat.muscle("rectus-femoris").groups) == {"quadriceps", "hip-flexors"}
    assert cat.muscle("pectineus").model == ()  # MyoLeg has no pectineus
    assert cat.muscle_by_model_name("recfem_r").id == "rectus-femoris"
    assert cat.muscle_by_model_name("addmagIsch_l").id == "adductor-magnus"


def test_every_stretch_has_whole_body_facts():
    for s in load_catalog().stretches:
        assert s.body is not None, s.id
        if s.position == "kneeling":
            assert s.body.knee_on_floor or s.body.hands_bear_weight, s.id
        if s.position == "standing":
            assert s.body.orientation == "standing" and s.body.weight_bearing, s.id
        if s.sides == 1:  # both legs at once: the other leg is the pose
            assert vars(s.body.other_leg) == s.pose.joint_angles(), s.id


# --------------------------------------------------------------------------- broken files
# Broken files are built from a small valid catalog written here, so these tests do not
# depend on the wording of the shipped data.
def _toml_value(v):
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(v)


def _stretch(group: str, level: int, **over) -> dict:
    d = {
        "id": f"{group}-{level}",
        "name": f"{group} rung {level}",
        "group": group,
        "level": level,
        "position": "floor",
        "equipment": ["none"],
        "pose": {
            "hip_flexion_deg": 30,
            "hip_adduction_deg": 0,
            "hip_rotation_deg": 0,
            "knee_flexion_deg": 0,
        },
        "targets": ["gracilis"],
        "setup": ["Sit."],
        "cues": ["Breathe."],
        "mistakes": ["Bouncing."],
        "feel": "A pull.",
        "hold_s": 30,
        "reps": 2,
        "sides": 2,
        "cautions": ["Stop if it hurts."],
        "restrictions": [],
        "easier": "Bend the knee.",
        "harder": "Reach further.",
        "intensity": [3, 5],
        "breathing": "Breathe slowly.",
        "come_out": ["Bend the knee.", "Sit up."],
        "body": {
            "orientation": "sitting-floor",
            "other_leg": {
                "hip_flexion_deg": 30,
                "hip_adduction_deg": 0,
                "hip_rotation_deg": 0,
                "knee_flexion_deg": 0,
            },
            "weight_bearing": [],
            "knee_on_floor": [],
            "hands_bear_weight": False,
            "support": False,
            "spine_flexion": "none",
            "spine_twist": False,
        },
    }
    d.update(over)
    return {k: v for k, v in d.items() if v is not None}


def _catalog_files(tmp_path: Path, stretches: list[dict] | None = None, muscles_text=None):
    if stretches is None:
        stretches = [_stretch(g, lv) for g in GROUP_IDS for lv in range(1, 5)]
    head = STRETCHES_FILE.read_text().split("[[stretch]]")[0]  # aches and restrictions
    body = "".join(
        "\n[[stretch]]\n" + "".join(f"{k} = {_toml_value(v)}\n" for k, v in d.items())
        for d in stretches
    )
    m = tmp_path / "muscles.toml"
    s = tmp_path / "stretches.toml"
    m.write_text(muscles_text if muscles_text is not None else MUSCLES_FILE.read_text())
    s.write_text(head + body)
    return m, s


def _with(tmp_path, index: int, **over):
    stretches = [_stretch(g, lv) for g in GROUP_IDS for lv in range(1, 5)]
    base = dict(stretches[index])
    base.update(over)
    stretches[index] = {k: v for k, v in base.items() if v is not None}
    return load_catalog(*_catalog_files(tmp_path, stretches))


def _assert_names(exc: CatalogError, file: str, entry: str | None, field: str, value: str):
    msg = str(exc)
    assert file in msg, msg
    if entry:
        assert entry in msg, msg
    assert field in msg, msg
    assert value in msg, msg


def test_small_valid_catalog_loads(tmp_path):
    cat = load_catalog(*_catalog_files(tmp_path))
    assert len(cat.stretches) == 20


def test_missing_field(tmp_path):
    with pytest.raises(CatalogError) as e:
        _with(tmp_path, 4, feel=None)
    _assert_names(e.value, "stretches.toml", "quadriceps-1", "feel", "None")
    assert "missing" in str(e.value)


def test_unknown_group(tmp_path):
    with pytest.raises(CatalogError) as e:
        _with(tmp_path, 17, group="calves")
    _assert_names(e.value, "stretches.toml", "groin-2", "group", "calves")


def test_angle_out_of_range(tmp_path):
    with pytest.raises(CatalogError) as e:
        _with(
            tmp_path,
            3,
            pose={
                "hip_flexion_deg": 150,
                "hip_adduction_deg": 0,
                "hip_rotation_deg": 0,
                "knee_flexion_deg": 0,
            },
        )
    _assert_names(e.value, "stretches.toml", "hamstrings-4", "pose.hip_flexion_deg", "150")
    assert "-30 to 120" in str(e.value)


def test_angle_not_a_number(tmp_path):
    with pytest.raises(CatalogError) as e:
        _with(
            tmp_path,
            9,
            pose={
                "hip_flexion_deg": 10,
                "hip_adduction_deg": 0,
                "hip_rotation_deg": 0,
                "knee_flexion_deg": "bent",
            },
        )
    _assert_names(e.value, "stretches.toml", "glutes-2", "pose.knee_flexion_deg", "bent")


def test_missing_pose_angle(tmp_path):
    with pytest.raises(CatalogError) as e:
        _with(
            tmp_path, 9, pose={"hip_flexion_deg": 10, "hip_adduction_deg": 0, "hip_rotation_deg": 0}
        )
    _assert_names(e.value, "stretches.toml", "glutes-2", "pose.knee_flexion_deg", "None")


def test_duplicate_id(tmp_path):
    with pytest.raises(CatalogError) as e:
        _with(tmp_path, 1, id="hamstrings-1")
    _assert_names(e.value, "stretches.toml", "hamstrings-1", "id", "hamstrings-1")
    assert "duplicate" in str(e.value)


def test_unknown_target_muscle(tmp_path):
    with pytest.raises(CatalogError) as e:
        _with(tmp_path, 18, targets=["adductor-longus", "adductor-shortus"])
    _assert_names(e.value, "stretches.toml", "groin-3", "targets", "adductor-shortus")


def test_unknown_position(tmp_path):
    with pytest.raises(CatalogError) as e:
        _with(tmp_path, 2, position="handstand")
    _assert_names(e.value, "stretches.toml", "hamstrings-3", "position", "handstand")


def test_unknown_restriction_tag(tmp_path):
    with pytest.raises(CatalogError) as e:
        _with(tmp_path, 13, restrictions=["vertigo"])
    _assert_names(e.value, "stretches.toml", "hip-flexors-2", "restrictions", "vertigo")


def test_wrong_type(tmp_path):
    with pytest.raises(CatalogError) as e:
        _with(tmp_path, 0, equipment="strap")
    _assert_names(e.value, "stretches.toml", "hamstrings-1", "equipment", "strap")


def test_level_out_of_range(tmp_path):
    with pytest.raises(CatalogError) as e:
        _with(tmp_path, 0, level=0)
    _assert_names(e.value, "stretches.toml", "hamstrings-1", "level", "0")


def test_level_gap_in_ladder(tmp_path):
    with pytest.raises(CatalogError) as e:
        _with(tmp_path, 19, level=7)
    _assert_names(e.value, "stretches.toml", None, "level", "[1, 2, 3, 7]")


def test_ladder_too_short(tmp_path):
    stretches = [_stretch(g, lv) for g in GROUP_IDS for lv in range(1, 5)][:-1]
    with pytest.raises(CatalogError) as e:
        load_catalog(*_catalog_files(tmp_path, stretches))
    _assert_names(e.value, "stretches.toml", None, "level", "[1, 2, 3]")


def test_muscle_unknown_joint(tmp_path):
    # replace the joints list of gracilis, the last muscle in the file
    head, tail = MUSCLES_FILE.read_text().rsplit('joints = ["hip", "knee"]', 1)
    m, s = _catalog_files(tmp_path, muscles_text=head + 'joints = ["hip", "ankle"]' + tail)
    with pytest.raises(CatalogError) as e:
        load_catalog(m, s)
    _assert_names(e.value, "muscles.toml", "gracilis", "joints", "ankle")


def test_not_toml(tmp_path):
    m, s = _catalog_files(tmp_path)
    s.write_text("[[stretch]\nid = ")
    with pytest.raises(CatalogError) as e:
        load_catalog(m, s)
    assert "stretches.toml" in str(e.value) and "not valid TOML" in str(e.value)


def test_missing_file(tmp_path):
    with pytest.raises(CatalogError) as e:
        load_catalog(tmp_path / "nope.toml", STRETCHES_FILE)
    assert "nope.toml" in str(e.value) and "cannot be read" in str(e.value)


def test_catalog_is_frozen():
    s = load_catalog().stretches[0]
    with pytest.raises(AttributeError):  # dataclasses.FrozenInstanceError
        s.level = 9  # type: ignore[misc]


# --------------------------------------------------------------------------- strict tables
def test_table_reader_names_file_entry_and_field():
    """content.tables is the one loader helper of the catalog and the self-tests."""
    from hipcourse.content.tables import TableReader

    r = TableReader(Path("x.toml"), {"id": "calf", "hold_s": True, "normal": 3}, "stretch", 0)
    with pytest.raises(
        CatalogError, match=r"x\.toml, entry 'calf': field 'hold_s' = True: must be a number"
    ):
        r.number_in(r.table, "hold_s", "")
    with pytest.raises(CatalogError, match=r"field 'normal' = 3: must be a table"):
        r.subtable("normal")
    with pytest.raises(
        CatalogError, match=r"field 'normal\.text' = None: must be a non-empty string"
    ):
        r.text_in({}, "text", "normal.")
    assert r.number_in({}, "low", "normal.", None) is None
    with pytest.raises(CatalogError, match=r"entry 'stretch #3': field '<entry>'"):
        TableReader(Path("x.toml"), ["not", "a", "table"], "stretch", 2)


def test_catalog_and_self_tests_share_the_loader():
    import hipcourse.content.catalog as catalog
    from hipcourse.content import tables
    from hipcourse.models.assessment import loader

    assert catalog.TableReader is tables.TableReader is loader.TableReader
    assert catalog.read_toml is tables.read_toml is loader.read_toml
    assert catalog.CatalogError is tables.CatalogError


# --------------------------------------------------------------------------- whole body
def _body(**over):
    b = dict(_stretch("groin", 1)["body"])
    b.update(over)
    return {k: v for k, v in b.items() if v is not None}


@pytest.mark.parametrize(
    "over, field, value",
    [
        ({"orientation": "upside-down"}, "body.orientation", "upside-down"),
        ({"spine_flexion": "lots"}, "body.spine_flexion", "lots"),
        ({"weight_bearing": ["left"]}, "body.weight_bearing", "left"),
        ({"knee_on_floor": ["other"]}, "body.knee_on_floor", "other"),
        ({"support": "yes"}, "body.support", "yes"),
        ({"kneeling": True}, "body.kneeling", "True"),
        ({"hands_bear_weight": None}, "body.hands_bear_weight", "None"),
        (
            {
                "other_leg": {
                    "hip_flexion_deg": 200,
                    "hip_adduction_deg": 0,
                    "hip_rotation_deg": 0,
                    "knee_flexion_deg": 0,
                }
            },
            "body.other_leg.hip_flexion_deg",
            "200",
        ),
        ({"other_leg": {"hip_flexion_deg": 20}}, "body.other_leg.hip_adduction_deg", "None"),
    ],
)
def test_broken_body_is_named(tmp_path, over, field, value):
    with pytest.raises(CatalogError) as e:
        _with(tmp_path, 13, body=_body(**over))
    _assert_names(e.value, "stretches.toml", "hip-flexors-2", field, value)


def test_missing_body_and_contradictions(tmp_path):
    with pytest.raises(CatalogError) as e:
        _with(tmp_path, 2, body=None)
    _assert_names(e.value, "stretches.toml", "hamstrings-3", "body", "None")
    with pytest.raises(CatalogError, match="kneeling stretch needs a knee"):
        _with(tmp_path, 2, body=_body(orientation="kneeling"))
    with pytest.raises(CatalogError, match="at least one leg bearing weight"):
        _with(tmp_path, 2, body=_body(orientation="standing"))
    with pytest.raises(CatalogError, match='other_leg = "same"'):
        _with(tmp_path, 2, sides=1)


def _with_restriction_rules(tmp_path, rules_toml: str, sided: bool = True):
    m, s = _catalog_files(tmp_path)
    text = s.read_text().replace('id = "knee-injury"', 'id = "knee-injury-old"', 1)
    text = text.replace(
        "\n[[stretch]]",
        f"""
[[restriction]]
id = "knee-injury"
name = "Test restriction"
advice = "Test."
source = "Test."
sided = {str(sided).lower()}
rules = [{rules_toml}]
\n[[stretch]]""",
        1,
    )
    s.write_text(text)
    return load_catalog(m, s)


@pytest.mark.parametrize(
    "rule, field, value",
    [
        (
            '{ leg = "operated", when = { hip_flexion = { above = 90 } }, reason = "x" }',
            "rules[0].when.hip_flexion",
            "above",
        ),
        (
            '{ leg = "operated", when = { hip_flexion_deg = { over = 90 } }, reason = "x" }',
            "rules[0].when.hip_flexion_deg",
            "over",
        ),
        (
            '{ leg = "operated", when = { hip_flexion_deg = { above = "ninety" } }, reason = "x" }',
            "rules[0].when.hip_flexion_deg.above",
            "ninety",
        ),
        (
            '{ leg = "left", when = { hip_flexion_deg = { above = 90 } }, reason = "x" }',
            "rules[0].leg",
            "left",
        ),
        (
            '{ when = { knee_on_floor = true }, reason = "x" }',
            "rules[0].when.knee_on_floor",
            "not a fact a 'body' rule can test",
        ),
        (
            '{ when = { orientation = { in = ["flying"] } }, reason = "x" }',
            "rules[0].when.orientation.in",
            "flying",
        ),
        ('{ when = { lying_supine = "yes" }, reason = "x" }', "rules[0].when.lying_supine", "yes"),
        (
            '{ when = { lying_supine = true }, action = "warn", reason = "x" }',
            "rules[0].action",
            "warn",
        ),
        ("{ when = { lying_supine = true } }", "rules[0].reason", "None"),
        (
            '{ leg = "any", when = { lying_supine = true }, reason = "x" }',
            "rules[0].leg",
            "at least one leg fact",
        ),
    ],
)
def test_broken_restriction_rule_is_named(tmp_path, rule, field, value):
    with pytest.raises(CatalogError) as e:
        _with_restriction_rules(tmp_path, rule)
    _assert_names(e.value, "stretches.toml", "knee-injury", field, value)


def test_operated_leg_needs_a_sided_restriction(tmp_path):
    rule = '{ leg = "operated", when = { hip_flexion_deg = { above = 90 } }, reason = "x" }'
    assert _with_restriction_rules(tmp_path, rule).restriction("knee-injury").sided
    with pytest.raises(CatalogError) as e:
        _with_restriction_rules(tmp_path, rule, sided=False)
    _assert_names(e.value, "stretches.toml", "knee-injury", "rules[0].leg", "operated")


@pytest.mark.parametrize(
    "field, value, shown",
    [
        ("intensity", [3, 8], "[3, 8]"),  # above mild tension
        ("intensity", [5, 3], "[5, 3]"),  # low above high
        ("intensity", [3], "[3]"),
        ("intensity", ["3", 5], "['3', 5]"),
        ("come_out", [], "[]"),
        ("easier", "", "''"),
        ("breathing", 3, "3"),
    ],
)
def test_bad_card_field(tmp_path, field, value, shown):
    with pytest.raises(CatalogError) as e:
        _with(tmp_path, 6, **{field: value})
    _assert_names(e.value, "stretches.toml", "quadriceps-3", field, shown)


@pytest.mark.parametrize("field", ["easier", "harder", "intensity", "breathing", "come_out"])
def test_missing_card_field(tmp_path, field):
    with pytest.raises(CatalogError) as e:
        _with(tmp_path, 6, **{field: None})
    _assert_names(e.value, "stretches.toml", "quadriceps-3", field, "None")
    assert "missing" in str(e.value)


def test_unknown_stretch_field_is_an_error_not_dropped(tmp_path):
    with pytest.raises(CatalogError) as e:
        _with(tmp_path, 6, come_uot=["Sit up."])
    _assert_names(e.value, "stretches.toml", "quadriceps-3", "come_uot", "line ")
    assert "unknown stretch key (did you mean `come_out`?)" in str(e.value)
