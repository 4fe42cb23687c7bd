"""``servicecircle batch``'s options: what is checked before any cluster starts."""

from __future__ import annotations

import pytest

from servicecircle.cli import main
from servicecircle.cli.batch_command import batch_site, cluster_lines
from servicecircle.cli.parser import build_parser
from servicecircle.i18n.message import say


def _args(*extra: str):
    return build_parser().parse_args(
        ["batch", "regions.gpkg", "--osm", "x.osm.pbf", "--out", "o", *extra]
    )


def test_sites_are_asked_for_only_with_new_target_or_fewest():
    assert batch_site(_args("--outlets", "osm")) is None
    site = batch_site(_args("--new", "2", "--must-cover", "relocation", "--new-type", "gig_market"))
    assert site is not None
    assert (site["model"], site["new"], site["must_cover"]) == ("mclp", 2, ["relocation"])
    assert (site["new_type"], site["candidates"]) == ("gig_market", "osm,auto")
    assert batch_site(_args("--target", "0.9"))["model"] == "min"


def test_the_defaults_are_a_local_cluster_of_two_workers():
    args = _args()
    assert (args.scheduler, args.workers, args.worker_memory, args.split) == (
        "local",
        2,
        None,
        True,
    )
    assert args.dashboard == ":8787"


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        (["--outlets", "osm", "--scheduler", "remote"], "tcp://HOST:PORT"),
        ([], "outlets"),
    ],
)
def test_a_bad_scheduler_or_no_outlets_is_said_before_any_work(tmp_path, capsys, extra, said):
    argv = ["batch", str(tmp_path / "none.gpkg"), "--osm", "x.pbf", "--out", str(tmp_path)]
    assert main([*argv, *extra]) == 2
    assert said in capsys.readouterr().err
    assert not (tmp_path / "regions").exists()


def test_the_cluster_is_said_in_chinese():
    from servicecircle.batch.cluster import ClusterFacts

    lines = cluster_lines(ClusterFacts("local", 4, 4, 3072.0, None))
    assert [say(line, "zh") for line in lines] == [
        "Dask：本机集群（LocalCluster），4 个计算进程（共 4 个线程），"
        "每个进程内存上限 3,072 MB（兆字节）",
        "未提供 Dask 监控面板（需安装 bokeh：pip install bokeh）",
    ]
    remote = cluster_lines(
        ClusterFacts("tcp://10.0.0.5:8786", 16, 16, None, "http://h:8787/status")
    )
    assert "未设定" in say(remote[0], "zh")
    assert say(remote[1], "zh") == "Dask 监控面板：http://h:8787/status"
