"""The results schema accepts what the driver is specified to write and rejects what it must not."""
import copy
import json

import jsonschema
import pytest

import builders
from hotops_report.errors import InputError
from hotops_report.loader import discover, latest_runs, load, load_file
from hotops_report.schema import SCHEMA_PATH, validate


@pytest.fixture(scope="module")
def doc():
    return builders.results_doc("skx", builders.softmax_runs("skx", sizes=(1000, 10**6), reps=4)
                                + builders.norm_runs("skx", ds=(256,), reps=4), reps=4)


def test_schema_is_valid_draft_2020_12():
    schema = json.loads(SCHEMA_PATH.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)


def test_builder_documents_validate(doc):
    validate(doc, "fixture")
    validate(builders.results_doc("ci-box", builders.softmax_runs("ci-box", sizes=(1000,)), with_ceilings=False),
             "fixture")


def test_unknown_keys_are_ignored(doc):
    d = copy.deepcopy(doc)
    d["future_key"] = {"x": 1}
    d["runs"][0]["new_field"] = [1, 2]
    d["context"]["cpu"]["microcode"] = "0xa0"
    validate(d, "fixture")


def test_skipped_run_needs_no_time_but_ok_run_does():
    d = builders.results_doc("ci-box", builders.softmax_runs("ci-box", sizes=(1000,), reps=4))
    skipped = [r for r in d["runs"] if r["status"].startswith("skipped")]
    assert skipped and all(r["time"] is None for r in skipped)
    validate(d, "fixture")
    skipped[0]["status"] = "ok"
    with pytest.raises(InputError, match="does not match"):
        validate(d, "fixture")


@pytest.mark.parametrize("mutate, where", [
    (lambda d: d["runs"][0].pop("time"), "runs/0"),
    (lambda d: d["runs"][0].update(threads="1"), "runs/0/threads"),
    (lambda d: d["runs"][0].update(status="fine"), "runs/0/status"),
    (lambda d: d["runs"][0].update(cache="L2"), "runs/0/cache"),
    (lambda d: d["runs"][0]["time"].update(samples=[]), "runs/0/time"),
    (lambda d: d["context"].pop("machine"), "context"),
    (lambda d: d["suite"].update(hash="md5:abc"), "suite/hash"),
    (lambda d: d["context"]["git"].update(dirty="no"), "context/git/dirty"),
    (lambda d: d.pop("runs"), "(top level)"),
])
def test_violations_name_the_place(doc, mutate, where):
    d = copy.deepcopy(doc)
    mutate(d)
    with pytest.raises(InputError) as e:
        validate(d, "f.json")
    msg = str(e.value)
    assert msg.startswith("f.json: does not match results schema v1")
    assert f"at {where}" in msg


def test_unknown_schema_version(doc):
    d = dict(doc, schema_version=2)
    with pytest.raises(InputError, match="unknown schema_version 2"):
        validate(d, "f.json")


def test_google_benchmark_json_gets_a_hint():
    with pytest.raises(InputError, match="Google Benchmark's own JSON"):
        validate({"context": {}, "benchmarks": []}, "x.gbench.json")


def test_discover_skips_gbench_and_ceilings(two_machines):
    names = [p.name for p in discover([two_machines["root"] / "skx"])]
    assert names == [two_machines["skx"].name]
    (two_machines["root"] / "skx" / "ceilings.json").write_text("{}")
    try:
        assert [p.name for p in discover([two_machines["root"] / "skx"])] == [two_machines["skx"].name]
    finally:
        (two_machines["root"] / "skx" / "ceilings.json").unlink()


def test_load_errors(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="contains no results files"):
        load([tmp_path / "empty"])
    with pytest.raises(InputError, match="no such file"):
        load([tmp_path / "missing.json"])
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1, "runs": [')
    with pytest.raises(InputError, match="corrupt JSON"):
        load_file(bad)
    nan = tmp_path / "nan.json"
    nan.write_text('{"schema_version": NaN}')
    with pytest.raises(InputError, match="corrupt JSON.*NaN"):
        load_file(nan)
    blank = tmp_path / "blank.json"
    blank.write_text("  \n")
    with pytest.raises(InputError, match="file is empty"):
        load_file(blank)


def test_quantiles_out_of_order_rejected(tmp_path, doc):
    d = copy.deepcopy(doc)
    t = next(r for r in d["runs"] if r["status"] == "ok")["time"]
    t["p20"], t["p80"] = t["p80"], t["p20"]
    p = builders.write(tmp_path / "q.json", d)
    with pytest.raises(InputError, match="quantiles out of order"):
        load_file(p)


def test_newer_file_supersedes_same_benchmark(tmp_path, doc):
    old = builders.write(tmp_path / "m" / "a.json", doc)
    newer = copy.deepcopy(doc)
    newer["context"]["date"] = "2025-02-01T00:00:00Z"
    newer["runs"] = newer["runs"][:3]
    for r in newer["runs"]:
        r["marker"] = "new"
    new = builders.write(tmp_path / "m" / "b.json", newer)
    runs, superseded = latest_runs([load_file(new), load_file(old)])
    assert superseded == 3
    assert len(runs) == len(doc["runs"])
    assert sum(r.raw.get("marker") == "new" for r in runs) == 3


def test_phase_two_fields_validate_when_present(doc):
    d = copy.deepcopy(doc)
    ok = next(r for r in d["runs"] if r["status"] == "ok")
    s = ok["time"]["samples"]
    ok["time"]["process_samples"] = [s[:2], s[2:]]
    d["suite"].update(process_runs=2, interleaved=True, rotation_carried=True)
    d["context"]["load"] = {"before": 0.1, "after": 1.1, "cpus": 2, "busy": False, "detail": "idle"}
    d["drift"] = [{"level": "DRAM", "kernel": "copy", "threads": 1, "start_gbps": 16.0, "end_gbps": 15.8}]
    validate(d, "fixture")
    for mutate, where in ((lambda x: x["context"]["load"].update(busy="no"), "context/load/busy"),
                          (lambda x: x.update(drift={"start_gbps": 0, "end_gbps": 1}), "drift"),
                          (lambda x: x["suite"].update(interleaved=1), "suite/interleaved")):
        bad = copy.deepcopy(d)
        mutate(bad)
        with pytest.raises(InputError, match=f"at {where}"):
            validate(bad, "f.json")


def test_process_samples_must_split_the_samples(doc, tmp_path):
    d = copy.deepcopy(doc)
    ok = next(r for r in d["runs"] if r["status"] == "ok")
    ok["time"]["process_samples"] = [ok["time"]["samples"][:1], [1.0]]
    with pytest.raises(InputError, match="process_samples are not a split of time.samples"):
        load_file(builders.write(tmp_path / "x.json", d))


def test_a_drift_check_that_could_not_run_says_why(doc):
    from hotops_report.claims import conditions
    d = copy.deepcopy(doc)
    d["drift"] = {"level": "DRAM", "kernel": "copy", "threads": 1, "skipped": "a DRAM-sized copy is too large"}
    validate(d, "fixture")
    assert conditions.drift_text(d) == "no end-of-suite bandwidth re-check: a DRAM-sized copy is too large"
    assert any("too large" in c for c in conditions.of_file(d).caveats)
    for bad_drift in ({"level": "DRAM", "kernel": "copy"}, {"skipped": ""},
                      {"start_gbps": 1.0, "end_gbps": 1.0, "skipped": "both"}):
        with pytest.raises(InputError, match="at drift"):
            validate(dict(d, drift=bad_drift), "f.json")
