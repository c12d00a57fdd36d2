"""A/A false-positive estimator: pure noise gives a low rate; drift is caught; too few pairs refused."""
import json

import builders
from hotops_report.compare.aa import main


def noisy_doc(reps, drift=0.0):
    runs = builders.softmax_runs("skx", sizes=(1000, 10**6), reps=reps, isas=("avx2",), peers=False, noise=0.03)
    for r in runs:
        if r["status"] == "ok" and drift:
            # a slow upward drift over the repetitions (e.g. thermal throttling)
            r["time"]["samples"] = [s * (1 + drift) ** i for i, s in enumerate(r["time"]["samples"])]
    return builders.results_doc("skx", runs, reps=reps)


def test_chunk_mode_on_pure_noise(tmp_path, capsys):
    p = builders.write(tmp_path / "many.json", noisy_doc(reps=200))
    assert main([str(p), "--chunk", "5", "--json", str(tmp_path / "aa.json")]) == 0
    s = json.loads((tmp_path / "aa.json").read_text())
    assert s["pairs"] == 20 and s["comparisons"] == 20 * 16
    assert s["false_regression"]["rate"] <= 0.03
    assert s["false_positive"]["ci95"][0] <= s["false_positive"]["rate"] <= s["false_positive"]["ci95"][1]
    assert "pairs where the gate would fire" in capsys.readouterr().out


def test_drift_shows_up_as_false_positives(tmp_path):
    p = builders.write(tmp_path / "drift.json", noisy_doc(reps=200, drift=0.008))
    assert main([str(p), "--chunk", "10", "--min-pairs", "10", "--json", str(tmp_path / "aa.json")]) == 0
    s = json.loads((tmp_path / "aa.json").read_text())
    assert s["false_regression"]["rate"] > 0.5


def test_file_pairs_mode(tmp_path):
    paths = []
    for i in range(8):
        d = noisy_doc(reps=6)
        for r in d["runs"]:   # independent noise per file
            if r["status"] == "ok":
                r["time"]["samples"] = [s * (1 + 0.001 * ((i * 7 + j * 3) % 5 - 2)) for j, s in
                                        enumerate(r["time"]["samples"])]
        d["context"]["date"] = f"2025-01-0{i + 1}T00:00:00Z"
        paths.append(str(builders.write(tmp_path / f"r{i}.json", d)))
    assert main(paths + ["--min-pairs", "4", "--json", str(tmp_path / "aa.json")]) == 0
    s = json.loads((tmp_path / "aa.json").read_text())
    assert s["pairs"] == 4 and s["mode"].startswith("8 files")


def test_too_few_pairs_is_refused(tmp_path, capsys):
    p = builders.write(tmp_path / "few.json", noisy_doc(reps=20))
    assert main([str(p), "--chunk", "5"]) == 2
    assert "only 2 A/A pairs" in capsys.readouterr().err
