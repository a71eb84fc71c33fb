import pandas as pd
import pytest

from helpers.models.text_model import DEFAULT_MODEL

pytestmark = pytest.mark.skipif(not DEFAULT_MODEL.exists(), reason="shipped model missing: run `vigie train`")


@pytest.fixture(scope="module")
def texts():
    from helpers.demo import generate

    export, _, _ = generate(n_comments=1200, seed=21, defects=False)
    return export["text"].astype(str).tolist()


@pytest.mark.parametrize("scheduler", ["processes", "local"])
def test_dask_scoring_matches_single_process(texts, scheduler):
    from helpers.scoring.distributed import score_distributed
    from helpers.scoring.score import score_texts

    langs = [None] * len(texts)
    single = score_texts(texts, langs, n_jobs=1)
    dask_scores = score_distributed(texts, langs, scheduler=scheduler, partition_size=300)
    pd.testing.assert_frame_equal(single, dask_scores)


def test_enrich_with_a_local_cluster_gives_the_same_store(tmp_path, texts):
    from helpers.io.ingest import ingest_paths
    from helpers.io.store import Store
    from helpers.scoring.enrich import enrich_store

    path = tmp_path / "c.csv"
    pd.DataFrame({"text": texts[:400], "created_at": "2020-05-01T12:00:00Z"}).to_csv(path, index=False)
    results = []
    for name, scheduler in [("single", None), ("dask", "local")]:
        with Store(tmp_path / f"{name}.duckdb") as st:
            ingest_paths([path], st)
            info = enrich_store(st, scheduler=scheduler)
            assert info["scored"] > 0 and info["scheduler"] == scheduler
            results.append(st.query("SELECT * EXCLUDE (scored_at) FROM scores ORDER BY text_hash"))
    pd.testing.assert_frame_equal(results[0], results[1])
