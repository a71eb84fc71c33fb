import json

import pandas as pd
import pytest

from helpers.io.ingest import ingest_paths
from helpers.io.readers import READERS


def reconciles(report):
    for f in report.files:
        assert f.read == f.loaded + f.duplicates + f.quarantined, f
    assert report.read == report.loaded + report.duplicates + report.quarantined


def test_reconciliation_with_malformed_csv(tmp_path, store):
    path = tmp_path / "messy.csv"
    path.write_bytes(
        b"comment_id,text,created_at,author,like_count\n"
        b"1,bonjour tout le monde,2020-03-14T12:00:00Z,a,1\n"
        b"2,,2020-03-14T12:00:00Z,b,1\n"  # empty text
        b"3,quelle date?,hier soir,c,1\n"  # unparseable timestamp
        b"4,trop de champs,2020-03-14T12:00:00Z,d,1,extra\n"  # wrong field count
        b"5,octet invalide \xff ici,2020-03-14T12:00:00Z,e,1\n"  # invalid UTF-8
        b"6,combien?,2020-03-14T12:00:00Z,f,beaucoup\n"  # bad count
        b"7,en 1970,1970-01-01T00:00:00Z,g,0\n"  # implausible
        b"1,bonjour tout le monde,2020-03-14T12:00:00Z,a,1\n"  # duplicate id
        b"8,merci pour l'info \xc3\xa0 bient\xc3\xb4t,2020-03-14T13:00:00Z,h,\n"  # a UTF-8 file: the \xff is damage
    )
    report = ingest_paths([path], store)
    reconciles(report)
    assert (report.read, report.loaded, report.duplicates, report.quarantined) == (9, 2, 1, 6)
    q = store.quarantine().set_index("row")
    assert q.loc[2, "field"] == "text"
    assert q.loc[3, "field"] == "created_at" and "hier soir" in q.loc[3, "reason"]
    assert "expected 5 fields, found 6" in q.loc[4, "reason"]
    assert "UTF-8" in q.loc[5, "reason"]
    assert q.loc[6, "field"] == "like_count"
    assert "implausible" in q.loc[7, "reason"]
    assert set(q["source_file"]) == {report.files[0].source_file}
    # The raw record is kept so nothing is lost, without the author's handle.
    assert json.loads(q.loc[3, "raw"])["text"] == "quelle date?"
    assert "author" not in json.loads(q.loc[3, "raw"])


def test_reingest_is_idempotent(fixtures, store):
    paths = [fixtures / "generic_semicolon.csv", fixtures / "facebook_comments.json"]
    first = ingest_paths(paths, store)
    n_comments, n_quarantine = store.count("comments"), store.count("quarantine")
    second = ingest_paths(paths, store)
    reconciles(first)
    reconciles(second)
    assert first.loaded == n_comments > 0
    assert second.loaded == 0
    assert second.duplicates == first.loaded + first.duplicates
    assert store.count("comments") == n_comments
    assert store.count("quarantine") == n_quarantine


def test_rows_without_id_get_a_content_hash_id(tmp_path, store):
    path = tmp_path / "noid.csv"
    path.write_text("text,date\nbonjour,2020-01-01\nbonjour,2020-01-01\nbonsoir,2020-01-01\n", encoding="utf-8")
    report = ingest_paths([path], store)
    assert (report.loaded, report.duplicates) == (2, 1)
    assert ingest_paths([path], store).loaded == 0
    assert store.comments()["comment_id"].str.startswith("h:").all()


def test_unreadable_file_is_reported_and_others_still_load(tmp_path, fixtures, store):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    missing = tmp_path / "missing.csv"
    report = ingest_paths([broken, fixtures / "generic.tsv", missing], store, fmt="auto")
    errors = {f.source_file.rsplit("/", 1)[-1]: f.error for f in report.files}
    assert errors["generic.tsv"] is None
    assert errors["missing.csv"] == "no such file"
    assert errors["broken.json"] and "JSON" in errors["broken.json"]
    assert report.loaded == 2
    reconciles(report)
    log = store.query("SELECT source_file, error FROM ingest_log ORDER BY source_file")
    assert log["error"].notna().sum() == 2


def test_unrecognised_columns_name_the_fix(tmp_path, store):
    path = tmp_path / "odd.csv"
    path.write_text("quoi,quand\nbonjour,2020-01-01\n", encoding="utf-8")
    report = ingest_paths([path], store)
    assert "--map text=" in report.files[0].error
    report = ingest_paths([path], store, mapping={"text": "quoi", "created_at": "quand"})
    assert report.loaded == 1


def test_canonical_schema_and_privacy(fixtures, store):
    ingest_paths(sorted(fixtures.glob("*")), store)
    comments = store.comments()
    expected = ["comment_id", "platform", "source_file", "post_id", "parent_id", "author_hash", "created_at", "text",
                "lang", "like_count", "reply_count", "ingested_at", "text_hash", "extra", "text_original", "oversized"]
    assert list(comments.columns) == expected
    assert str(comments["created_at"].dt.tz) == "UTC"
    assert set(comments["platform"]) == {"generic", "twitter", "facebook", "youtube", "reddit"}
    # No raw handle anywhere in the store.
    dump = store.query("SELECT * FROM comments").to_csv() + store.query("SELECT * FROM quarantine").to_csv()
    for handle in ["marie_q", "angry_bob", "mtl_user", "UCjean", "Marie Tremblay"]:
        assert handle not in dump
    fr = comments.set_index("comment_id")
    assert fr.loc["j1", "lang"] == "fr"  # given as fr-CA
    assert fr.loc["1240000000000000003", "lang"] == "fr"  # "und" in the export: detected


def test_explicit_format_and_platform(fixtures, store):
    report = ingest_paths([fixtures / "generic.tsv"], store, fmt="csv", platform="instagram")
    assert report.files[0].format == "csv"
    assert set(store.comments()["platform"]) == {"instagram"}
    with pytest.raises(ValueError, match="unknown format"):
        ingest_paths([fixtures / "generic.tsv"], store, fmt="nope")


def test_every_reader_is_covered_by_a_fixture(fixtures):
    from helpers.io.readers import sniff_format

    sniffed = {sniff_format(p) for p in fixtures.iterdir()}
    assert set(READERS) - sniffed == {"generic", "parquet", "xlsx"}  # generic dispatches; the others are built in tests


def test_ids_a_spreadsheet_rounded_are_quarantined_not_merged_as_duplicates(tmp_path, store):
    """A CSV Excel saved back writes long ids as 3,53E+17: two comments would share one id and the second be
    counted a duplicate. Those rows are quarantined by name; the counts reconcile; a workbook ingests the same."""
    from openpyxl import Workbook

    path = tmp_path / "resaved.csv"
    path.write_text("id;message;date\n3,53E+17;premier;2020-04-14\n3,53E+17;second;2020-04-14\n42;ok;2020-04-14\n",
                    encoding="cp1252")
    report = ingest_paths([path], store)
    assert (report.read, report.loaded, report.duplicates, report.quarantined) == (3, 1, 0, 2)
    quarantine = store.query('SELECT "row", field, reason FROM quarantine ORDER BY "row"')
    assert quarantine["field"].tolist() == ["comment_id", "comment_id"]
    assert quarantine["reason"].str.contains("rounded by a spreadsheet").all()
    book = Workbook()
    for row in (["id", "message", "date"], [353196816616062001, "nombre", "2020-04-15"],
                ["353196816616062002", "texte", "2020-04-15"]):
        book.active.append(row)
    book.save(tmp_path / "export.xlsx")
    report = ingest_paths([tmp_path / "export.xlsx"], store)
    assert (report.read, report.loaded, report.quarantined) == (2, 1, 1)
    assert "353196816616062002" in set(store.comments()["comment_id"])


def test_a_named_sheet_is_ingested_and_naming_one_for_a_csv_stops_that_file(tmp_path, store):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Report", "April"])
    book.create_sheet("Comments").append(["id", "message", "date"])
    book["Comments"].append(["7", "bonjour", "2020-04-14"])
    book.save(tmp_path / "export.xlsx")
    (tmp_path / "other.csv").write_text("id,message,date\n8,salut,2020-04-14\n", encoding="utf-8")
    report = ingest_paths([tmp_path / "export.xlsx", tmp_path / "other.csv"], store, sheet="Comments")
    assert (report.read, report.loaded) == (1, 1) and set(store.comments()["comment_id"]) == {"7"}
    assert "read as csv, not as a workbook" in report.files[1].error


def test_float_ids_past_2_53_are_quarantined_and_rounded_thread_ids_counted(tmp_path, store):
    """A Parquet id column with a gap is stored as floats, which past 2**53 skip whole numbers: two comments
    would share an id. Their rows are quarantined; a post or parent id rounded the same way only groups
    comments, so its rows load and are counted for the warning."""
    big = 2.0**53 + 2  # a float that does exist, so only the threshold decides
    frame = pd.DataFrame({
        "comment_id": [big, 1.0, 2.0, None],
        "post_id": ["p1", "3,53E+17", "p1", "p1"],
        "parent_id": [None, None, 9.1e17, None],
        "text": ["un", "deux", "trois", "quatre"],
        "created_at": ["2020-04-14"] * 4,
    })
    frame.to_parquet(tmp_path / "export.parquet")
    report = ingest_paths([tmp_path / "export.parquet"], store)
    reconciles(report)
    assert (report.read, report.loaded, report.quarantined) == (4, 3, 1)
    q = store.quarantine()
    assert q["field"].tolist() == ["comment_id"] and "float past 2**53" in q["reason"].iloc[0]
    assert set(store.comments()["comment_id"]) >= {"1", "2"}
    assert report.rounded_thread_ids == 2 and report.to_dict()["rounded_thread_ids"] == 2


@pytest.mark.shared_data
@pytest.mark.slow
def test_crisislex_t26_ingests_in_full(shared_data, tmp_path):
    from helpers.io.store import Store

    paths = sorted((shared_data / "crisislex_t26").glob("*/*.csv"))
    assert len(paths) == 26
    with Store(tmp_path / "crisis.duckdb") as st:
        report = ingest_paths(paths, st)
        reconciles(report)
        assert (report.read, report.loaded, report.duplicates, report.quarantined) == (27933, 27932, 1, 0)
        events = st.query("SELECT post_id, count(*) n, avg((lang = 'fr')::INT) fr FROM comments GROUP BY 1")
    events = events.set_index("post_id")
    assert len(events) == 26
    # Lac-Mégantic is the one event with French tweets in number (about 45% French, the rest mostly English).
    assert events["fr"].idxmax() == "2013_Lac_Megantic_train_crash"
    assert events.loc["2013_Lac_Megantic_train_crash", "fr"] > 0.4
    assert events.drop("2013_Lac_Megantic_train_crash")["fr"].max() < 0.05


def test_bad_input_corpus_ingests_with_counts_and_text_intact(tmp_path, store):
    from bad_inputs import BIG_FIELD, CORPUS, write_corpus

    paths = write_corpus(tmp_path / "bad")
    report = ingest_paths(list(paths.values()), store)
    reconciles(report)
    by_name = {f.source_file.rsplit("/", 1)[-1]: f for f in report.files}
    stored = set(store.comments()["text"])
    for item in CORPUS:
        got = by_name[item.name]
        if item.error:
            assert item.error in got.error and got.read == 0, got
            continue
        assert got.error is None, got
        assert (got.read, got.loaded, got.duplicates, got.quarantined) == (
            item.read, item.loaded, item.duplicates, item.quarantined), item.name
        for text in item.texts:
            assert text in stored, (item.name, text)
    assert by_name["excel_export_fr.csv"].encoding == "cp1252"
    assert by_name["bom_crlf_multiline.csv"].encoding == "utf-8-sig"
    # The 2 MB field is stored whole and flagged; the log records every file's encoding.
    big = store.query("SELECT text, oversized FROM comments WHERE length(text) > 100000")
    assert big["text"].tolist() == [BIG_FIELD] and big["oversized"].tolist() == [True]
    assert by_name["giant_field.csv"].oversized == 1
    log = store.query("SELECT source_file, encoding FROM ingest_log WHERE error IS NULL")
    assert log["encoding"].notna().all()
    times = store.query("SELECT text, created_at FROM comments WHERE source_file LIKE '%mixed_time_zones%'")
    assert times.set_index("text")["created_at"].dt.strftime("%H:%M").to_dict() == {
        "heure de Montréal": "14:00", "UTC time": "14:00", "heure de Paris": "14:00", "epoch seconds": "14:00"}


def test_mojibake_is_repaired_and_the_original_kept(tmp_path, store):
    path = tmp_path / "roundtrip.csv"
    path.write_text("comment_id,created_at,text\n1,2020-04-14T10:00:00Z,câ€™est trÃ¨s grave\n"
                    "2,2020-04-14T10:00:00Z,déjà écrit correctement « ok »\n", encoding="utf-8")
    report = ingest_paths([path], store)
    assert report.repaired == 1
    rows = store.comments().set_index("comment_id")
    assert rows.loc["1", "text"] == "c’est très grave" and rows.loc["1", "text_original"] == "câ€™est trÃ¨s grave"
    assert rows.loc["2", "text"] == "déjà écrit correctement « ok »" and pd.isna(rows.loc["2", "text_original"])


def test_legacy_mac_export_is_read_in_its_encoding(tmp_path, store):
    path = tmp_path / "excel_mac.csv"
    lines = ["id;date;message", "1;2020-04-14 10:00;Ça va très bien, à l'été prochain",
             "2;2020-04-14 11:00;Où est la clinique? Je suis inquiète pour ma fille"]
    path.write_bytes("\r".join(lines).encode("mac_roman") + b"\r")
    report = ingest_paths([path], store)
    assert (report.loaded, report.quarantined, report.files[0].encoding) == (2, 0, "mac_roman")
    assert "Ça va très bien, à l'été prochain" in set(store.comments()["text"])


def test_comments_without_an_author_get_no_author_hash(tmp_path, store):
    """An export without authors is many people, not one prolific author (the repeat-author analyses)."""
    path = tmp_path / "no_authors.csv"
    pd.DataFrame({"comment_id": ["a", "b", "c", "d"], "created_at": "2020-04-14T12:00:00Z",
                  "text": ["un", "deux", "trois", "quatre"], "author": [None, "", "Marie", "marie "]}).to_csv(path, index=False)
    ingest_paths([path], store)
    hashes = store.query("SELECT comment_id, author_hash FROM comments ORDER BY comment_id")["author_hash"].tolist()
    assert pd.isna(hashes[0]) and pd.isna(hashes[1])
    assert isinstance(hashes[2], str) and hashes[2] == hashes[3]  # the same handle, spelt with case and spaces
