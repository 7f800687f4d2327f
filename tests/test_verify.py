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
