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
    assert {"front-of-knee", "side-of-knee", "inside-of-knee", "low-back", "upper-back",
            "neck"} <= ache_ids
    restriction_ids = {r.id for r in cat.restrictions}
    assert {"hip-replacement-posterior", "hip-replacement-anterior", "pregnancy",
            "acute-pain", "osteoporosis", "knee-injury"} <= restriction_ids


def test_every_stretch_is_fully_described():
    for s in load_catalog().stretches:
        assert s.setup and s.cues and s.mistakes and s.cautions and s.feel, s.id
        assert 10 <= s.hold_s <= 60 and s.reps >= 1 and s.sides in (1, 2), s.id


def test_required_muscles_present_with_model_names():
    cat = load_catalog()
    for mid in ["semitendinosus", "semimembranosus", "biceps-femoris-long-head",
                "biceps-femoris-short-head", "rectus-femoris", "vastus-lateralis",
                "vastus-medialis", "vastus-intermedius", "gluteus-maximus", "gluteus-medius",
                "gluteus-minimus", "piriformis", "tensor-fasciae-latae", "psoas-major",
                "iliacus", "sartorius", "pectineus", "adductor-longus", "adductor-brevis",
                "adductor-magnus", "gracilis"]:
        cat.muscle(mid)
    assert set(cat.muscle("rectus-femoris").groups) == {"quadriceps", "hip-flexors"}
    assert cat.muscle("pectineus").model == ()  # MyoLeg has no pectineus
    assert cat.muscle_by_model_name("recfem_r").id == "rectus-femoris"
    assert cat.muscle_by_model_name("addmagIsch_l").id == "adductor-magnus"


def test_posterior_hip_replacement_rules_out_by_pose():
    cat = load_catalog()
    post = cat.restriction("hip-replacement-posterior")
    assert "90" in post.rules_out(cat.stretch("glute-knee-to-chest"))
    assert "midline" in post.rules_out(cat.stretch("glute-standing-side-bend"))
    assert post.rules_out(cat.stretch("hamstring-supine-strap")) is None
    assert cat.restriction("acute-pain").rules_out(cat.stretch("hamstring-supine-strap"))


# --------------------------------------------------------------------------- broken files
# Broken files are built from a small valid catalog written here, so these tests do not
# depend on the wording of the shipped data.
def _toml_value(v):
    if isinstance(v, str):
        return '"' + v.replace('\\', '\\\\').replace('"', '\\"') + '"'
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
        "id": f"{group}-{level}", "name": f"{group} rung {level}", "group": group,
        "level": level, "position": "floor", "equipment": ["none"],
        "pose": {"hip_flexion_deg": 30, "hip_adduction_deg": 0, "hip_rotation_deg": 0,
                 "knee_flexion_deg": 0},
        "targets": ["gracilis"], "setup": ["Sit."], "cues": ["Breathe."],
        "mistakes": ["Bouncing."], "feel": "A pull.", "hold_s": 30, "reps": 2, "sides": 2,
        "cautions": ["Stop if it hurts."], "restrictions": [],
    }
    d.update(over)
    return {k: v for k, v in d.items() if v is not None}


def _catalog_files(tmp_path: Path, stretches: list[dict] | None = None, muscles_text=None):
    if stretches is None:
        stretches = [_stretch(g, lv) for g in GROUP_IDS for lv in range(1, 5)]
    head = STRETCHES_FILE.read_text().split("[[stretch]]")[0]  # aches and restrictions
    body = "".join("\n[[stretch]]\n" + "".join(f"{k} = {_toml_value(v)}\n" for k, v in d.items())
                   for d in stretches)
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
        _with(tmp_path, 3, pose={"hip_flexion_deg": 150, "hip_adduction_deg": 0,
                                 "hip_rotation_deg": 0, "knee_flexion_deg": 0})
    _assert_names(e.value, "stretches.toml", "hamstrings-4", "pose.hip_flexion_deg", "150")
    assert "-30 to 120" in str(e.value)


def test_angle_not_a_number(tmp_path):
    with pytest.raises(CatalogError) as e:
        _with(tmp_path, 9, pose={"hip_flexion_deg": 10, "hip_adduction_deg": 0,
                                 "hip_rotation_deg": 0, "knee_flexion_deg": "bent"})
    _assert_names(e.value, "stretches.toml", "glutes-2", "pose.knee_flexion_deg", "bent")


def test_missing_pose_angle(tmp_path):
    with pytest.raises(CatalogError) as e:
        _with(tmp_path, 9, pose={"hip_flexion_deg": 10, "hip_adduction_deg": 0,
                                 "hip_rotation_deg": 0})
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
    with pytest.raises(CatalogError, match=r"x\.toml, entry 'calf': field 'hold_s' = True: must be a number"):
        r.number_in(r.table, "hold_s", "")
    with pytest.raises(CatalogError, match=r"field 'normal' = 3: must be a table"):
        r.subtable("normal")
    with pytest.raises(CatalogError, match=r"field 'normal\.text' = None: must be a non-empty string"):
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
