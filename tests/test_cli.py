"""The command line as an operator meets it: clear one-sentence refusals, demo, init, tokens, audit."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DEMO_PASSWORD, run_thidua


def assert_one_sentence_refusal(result, *words: str) -> None:
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0]


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"THIDUA_DATABASE_URL": "mysql://root@localhost/thidua"}, "THIDUA_DATABASE_URL"),
        ({"THIDUA_DATABASE_URL": "postgresql:///thidua"}, "THIDUA_DATABASE_URL"),
        ({"THIDUA_DEBUG": "maybe"}, "THIDUA_DEBUG"),
        ({"THIDUA_PERIOD_CALENDAR": "lunar"}, "THIDUA_PERIOD_CALENDAR"),
        ({"THIDUA_SECRET_KEY": "short"}, "THIDUA_SECRET_KEY"),
        ({"THIDUA_DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/test"}, "THIDUA_SECRET_KEY"),
    ],
)
def test_a_wrong_setting_stops_start_up_with_one_sentence_naming_it(tmp_path, env, named):
    result = run_thidua("manage", "check", env={"THIDUA_DATA_DIR": str(tmp_path), **env})
    assert_one_sentence_refusal(result, named)


def test_a_data_dir_that_is_a_file_is_refused(tmp_path):
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x")
    result = run_thidua("manage", "check", env={"THIDUA_DATA_DIR": str(not_a_dir)})
    assert_one_sentence_refusal(result, "THIDUA_DATA_DIR")


def test_an_unreachable_database_is_reported_in_one_sentence(tmp_path):
    env = {
        "THIDUA_DATA_DIR": str(tmp_path),
        "THIDUA_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
        "THIDUA_SECRET_KEY": "x" * 40,
    }
    result = run_thidua("init", env=env)
    assert_one_sentence_refusal(result, "Không kết nối được cơ sở dữ liệu", "THIDUA_DATABASE_URL")


def test_demo_prints_the_accounts_and_the_address(demo_dir: Path):
    out = (demo_dir / "first-run.txt").read_text(encoding="utf-8")
    assert "Dữ liệu mẫu đã được tạo." in out
    assert "http://127.0.0.1:8000/" in out
    assert DEMO_PASSWORD in out
    for account in ("quantri", "ctct.bo", "thuongtruc.cum6", "canbo.nghean", "lanhdao.nghean", "kiemtra"):
        assert account in out
    assert (demo_dir / "thidua.sqlite3").exists()


def test_demo_twice_reuses_the_database_and_keeps_the_audit_chain_whole(demo_dir: Path):
    again = run_thidua("demo", "--data-dir", str(demo_dir), "--no-serve", "--password", DEMO_PASSWORD)
    assert again.returncode == 0, again.stderr
    assert "có sẵn (dùng lại)" in again.stdout
    verified = run_thidua("audit", "verify", env={"THIDUA_DATA_DIR": str(demo_dir)})
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "nguyên vẹn" in verified.stdout


def test_init_creates_the_first_administrator_once_and_token_create_prints_a_token(tmp_path):
    env = {"THIDUA_DATA_DIR": str(tmp_path)}
    first = run_thidua("init", "--username", "quantri", "--password", "Mot-mat-khau-dai-2026", env=env)
    assert first.returncode == 0, first.stderr
    assert "Đã tạo quản trị viên «quantri»" in first.stdout
    second = run_thidua("init", env=env)
    assert second.returncode == 0
    assert "không tạo thêm" in second.stdout
    token = run_thidua("token", "create", "quantri", env=env)
    assert token.returncode == 0, token.stderr
    assert len(token.stdout.strip()) == 40
    unknown = run_thidua("token", "create", "khong-co", env=env)
    assert_one_sentence_refusal(unknown, "khong-co")


def test_init_with_a_weak_password_is_refused_in_vietnamese(tmp_path):
    result = run_thidua("init", "--password", "123", env={"THIDUA_DATA_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_the_embedded_database_runs_in_wal_mode(demo_dir: Path):
    import sqlite3

    connection = sqlite3.connect(demo_dir / "thidua.sqlite3")
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        connection.close()
    assert (demo_dir / "secret_key").stat().st_mode & 0o077 == 0  # the generated key is readable by its owner only


def test_extract_prints_the_figures_of_a_narrative_report_as_json(demo_dir: Path, tmp_path):
    import json

    report = tmp_path / "bao-cao.txt"
    report.write_text(
        "Trong 6 tháng đầu năm 2026, toàn tỉnh xảy ra 1.250 vụ phạm tội về trật tự xã hội; "
        "điều tra làm rõ 1.100 vụ, đạt 88%; bắt giữ 1.799 đối tượng (Kế hoạch số 12/KH-CAT).",
        encoding="utf-8",
    )
    result = run_thidua("extract", str(report), "--json", env={"THIDUA_DATA_DIR": str(demo_dir)})
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    found = {(f["value"], f["unit"]): f.get("indicator") for f in figures}
    assert found[(1250, "vụ")] == "TTXH-XAYRA"
    assert found[(1799, "đối tượng")] == "DOITUONG-BATGIU"
    assert (88, "%") in found
    assert all(f["value"] not in (2026, 12) for f in figures)


def test_extract_refuses_a_file_it_cannot_read_in_one_sentence(tmp_path):
    scan = tmp_path / "bao-cao.pdf"
    scan.write_bytes(b"%PDF-1.7")
    result = run_thidua("extract", str(scan), env={"THIDUA_DATA_DIR": str(tmp_path)})
    assert_one_sentence_refusal(result, "bao-cao.pdf")


def test_ballot_verify_recounts_the_demo_ballot_against_participation(demo_dir: Path):
    result = run_thidua("ballot", "verify", "1", env={"THIDUA_DATA_DIR": str(demo_dir)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Kết luận: khớp." in result.stdout
    missing = run_thidua("ballot", "verify", "999", env={"THIDUA_DATA_DIR": str(demo_dir)})
    assert missing.returncode == 1
    assert "Không có cuộc bỏ phiếu số 999" in missing.stdout


def test_a_command_on_a_database_never_initialised_says_so_in_one_sentence(tmp_path):
    result = run_thidua("audit", "verify", env={"THIDUA_DATA_DIR": str(tmp_path)})
    assert_one_sentence_refusal(result, "thidua init")


def test_report_writes_the_clusters_half_year_report_as_docx_and_xlsx(demo_dir: Path, tmp_path):
    from io import BytesIO

    from docx import Document
    from openpyxl import load_workbook

    env = {"THIDUA_DATA_DIR": str(demo_dir)}
    out = tmp_path / "so-ket.docx"
    result = run_thidua("report", "so-ket", "--cluster", "6", "--period", "2026S1", "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    document = Document(BytesIO(out.read_bytes()))
    header = [p.text for row in document.tables[0].rows for cell in row.cells for p in cell.paragraphs]
    assert "CỤM THI ĐUA SỐ 6" in header and "Số: 05/BC-CTĐ" in header
    texts = [p.text for p in document.paragraphs]
    assert "I. ĐẶC ĐIỂM TÌNH HÌNH" in texts and any("Vì an ninh Tổ quốc" in t for t in texts)
    workbook = tmp_path / "so-ket.xlsx"
    result = run_thidua("report", "so-ket", "--cluster", "6", "--period", "2026S1", "--out", str(workbook), env=env)
    assert result.returncode == 0, result.stderr
    assert load_workbook(workbook).sheetnames[0] == "Báo cáo"


def test_a_units_report_from_the_command_line(demo_dir: Path, tmp_path):
    out = tmp_path / "nghe-an.docx"
    result = run_thidua(
        "report",
        "so-ket",
        "--cluster",
        "6",
        "--period",
        "2026S1",
        "--unit",
        "CAT-NAN",
        "--out",
        str(out),
        env={"THIDUA_DATA_DIR": str(demo_dir)},
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"PK")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("so-ket", "--cluster", "99", "--period", "2026S1"), ("cụm thi đua số 99",)),
        (("so-ket", "--cluster", "6", "--period", "2031S1"), ("2031S1",)),
        (("tong-ket", "--cluster", "6", "--period", "2026S1"), ("2026S1", "năm")),
        (("so-ket", "--cluster", "6", "--period", "2026S1", "--unit", "KHONG-CO"), ("KHONG-CO",)),
    ],
)
def test_report_refuses_a_bad_cluster_period_or_unit_in_one_sentence(demo_dir: Path, tmp_path, args, words):
    out = tmp_path / "x.docx"
    result = run_thidua("report", *args, "--out", str(out), env={"THIDUA_DATA_DIR": str(demo_dir)})
    assert_one_sentence_refusal(result, *words)
    assert not out.exists()


def test_worker_runs_the_queued_jobs_and_stops_in_batch_mode(demo_dir: Path):
    result = run_thidua("worker", "--batch", "--quiet", env={"THIDUA_DATA_DIR": str(demo_dir)})
    assert result.returncode == 0, result.stderr
