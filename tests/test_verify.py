"""verify: a sound build passes; a flipped byte, a missing or an extra shard fails, naming the shard."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.shards.manifest import manifest_shards
from generator.errors import VerifyError
from generator.verify import verify

ROOT = Path(__file__).resolve().parent.parent
QUIET = {"log": lambda line: None}


def _flip(path: Path, at: float) -> None:
    data = bytearray(path.read_bytes())
    i = min(len(data) - 1, int(len(data) * at))
    data[i] ^= 0x40
    path.write_bytes(bytes(data))


def test_sound_build_verifies_with_load_dataset(small_build):
    out, manifest = small_build
    assert verify(out, workers=1, **QUIET) == manifest


@pytest.mark.parametrize("at", [0.1, 0.3, 0.5, 0.7, 0.9, 0.999])
def test_a_flipped_byte_anywhere_names_the_shard(small_build_copy, at):
    out, manifest = small_build_copy
    shards = [s for s in manifest_shards(manifest) if s["rows"]]
    victim = shards[len(shards) // 2]["path"]
    _flip(out / victim, at)
    with pytest.raises(VerifyError) as info:
        verify(out, workers=1, load=False, **QUIET)
    problems = str(info.value).splitlines()[1:]
    assert [p.strip().split(":")[0] for p in problems] == [victim]


def test_cli_exits_non_zero_and_names_the_shard(small_build_copy):
    out, manifest = small_build_copy
    victim = next(s for s in manifest_shards(manifest) if s["rows"])["path"]
    _flip(out / victim, 0.5)
    result = subprocess.run([sys.executable, "-m", "generator", "verify", str(out), "--no-load", "--workers", "2"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode != 0
    assert victim in result.stderr


def test_missing_and_extra_shards_are_named(small_build_copy):
    out, manifest = small_build_copy
    gone = manifest_shards(manifest)[0]["path"]
    (out / gone).unlink()
    extra = out / "data" / "latin" / "test-00099-of-00100.parquet"
    extra.write_bytes(b"PAR1")
    with pytest.raises(VerifyError) as info:
        verify(out, workers=1, load=False, **QUIET)
    message = str(info.value)
    assert f"{gone}: listed in the manifest but missing" in message
    assert "data/latin/test-00099-of-00100.parquet: present but not in the manifest" in message


def test_a_changed_manifest_hash_is_caught(small_build, tmp_path):
    import json

    out, manifest = small_build
    changed = json.loads(json.dumps(manifest))
    shard = next(iter(next(iter(changed["configs"].values())).values()))["shards"][0]
    shard["sha256"] = "0" * 64
    expected = tmp_path / "MANIFEST.json"
    expected.write_text(json.dumps(changed))
    with pytest.raises(VerifyError, match=rf"{shard['path']}: content hash .* differs"):
        verify(out, manifest_path=expected, workers=1, load=False, **QUIET)


def test_missing_manifest_is_a_clear_error(tmp_path):
    with pytest.raises(VerifyError, match="cannot read manifest .*build the dataset first"):
        verify(tmp_path, **QUIET)


def test_a_flipped_image_byte_is_caught_without_the_stats_files(small_build_copy):
    import pyarrow.parquet as pq

    out, manifest = small_build_copy
    for stats in out.glob("data/*/*.stats.json"):
        stats.unlink()
    victim = next(s for s in manifest_shards(manifest) if s["rows"])["path"]
    meta = pq.ParquetFile(out / victim).metadata
    names = [meta.schema.column(i).path for i in range(meta.num_columns)]
    chunk = meta.row_group(0).column(names.index("image.bytes"))
    data = bytearray((out / victim).read_bytes())
    data[chunk.data_page_offset + chunk.total_compressed_size // 2] ^= 0x01
    (out / victim).write_bytes(bytes(data))
    with pytest.raises(VerifyError, match=rf"{victim}: (unreadable|content hash)"):
        verify(out, workers=1, load=False, **QUIET)


def _tamper(out, manifest, how):
    """Damage the dataset copy ``out`` one way; return the relative path the problem must name."""
    first = next(s for s in manifest_shards(manifest) if s["rows"])
    shard = first["path"]
    stats = shard.replace(".parquet", ".stats.json")
    if how == "deleted-stats":
        (out / stats).unlink()
        return stats
    if how == "corrupt-stats":
        (out / stats).write_text('{"rows": 3, "sha')
        return stats
    if how == "stats-of-another-shard":
        other = next(s for s in manifest_shards(manifest) if s["rows"] and s["sha256"] != first["sha256"])["path"]
        (out / stats).write_bytes((out / other.replace(".parquet", ".stats.json")).read_bytes())
        return stats
    if how == "junk-file":
        (out / "data" / "latin" / "notes.txt").write_text("hello")
        return "data/latin/notes.txt"
    if how == "junk-folder":
        (out / "data" / "extra").mkdir()
        return "data/extra/"
    if how == "hidden-tmp-shard":
        (out / "data" / "latin" / ".test-00000-of-00001.parquet.tmp").write_bytes(b"PAR1")
        return "data/latin/.test-00000-of-00001.parquet.tmp"
    if how == "shard-is-a-folder":
        (out / shard).unlink()
        (out / shard).mkdir()
        (out / shard / "x").write_text("x")
        return shard
    if how == "deleted-readme":
        (out / "README.md").unlink()
        return "README.md"
    if how == "readme-points-elsewhere":
        card = (out / "README.md").read_text(encoding="utf-8")
        (out / "README.md").write_text(card.replace("path: data/latin/test-*.parquet", "path: data/latin/nope-*.parquet"),
                                       encoding="utf-8")
        return "README.md"
    raise AssertionError(how)


@pytest.mark.parametrize("how,fix", [
    ("deleted-stats", "missing: every shard's stats file is required"),
    ("corrupt-stats", "not a stats file of the build"),
    ("stats-of-another-shard", "its content hash or row count differs from the manifest's"),
    ("junk-file", "not part of the dataset (data/ holds only shards and their stats): remove it"),
    ("junk-folder", "a folder that is not part of the dataset: remove it"),
    ("hidden-tmp-shard", "a temporary file left by an interrupted build"),
    ("shard-is-a-folder", "a folder where the shard file should be"),
    ("deleted-readme", "missing: load_dataset finds the configs in it"),
    ("readme-points-elsewhere", "config 'latin' split 'test' makes load_dataset read 0 files"),
])
def test_every_tampered_file_is_named_with_its_fix(small_build_copy, how, fix):
    out, manifest = small_build_copy
    named = _tamper(out, manifest, how)
    with pytest.raises(VerifyError) as info:
        verify(out, workers=1, load=False, **QUIET)
    problems = [p.strip() for p in str(info.value).splitlines()[1:]]
    assert problems == [f"{named}: " + problems[0].split(": ", 1)[1]], problems
    assert fix in problems[0]


def test_cli_names_a_deleted_stats_file_and_exits_2_without_traceback(small_build_copy):
    out, manifest = small_build_copy
    named = _tamper(out, manifest, "deleted-stats")
    result = subprocess.run([sys.executable, "-m", "generator", "verify", str(out), "--workers", "1"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{named}: missing" in result.stderr
