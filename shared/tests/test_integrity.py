from pathlib import Path

import pytest

from portfolio_shared.integrity import IntegrityError, file_sha256, verify_manifest, write_manifest


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "a.json").write_text('{"x": 1}')
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.bin").write_bytes(b"\x00\x01")
    return tmp_path


def test_round_trip_verifies(folder: Path) -> None:
    digest = write_manifest(folder)
    assert digest == file_sha256(folder / "manifest.json")
    assert set(verify_manifest(folder, digest)) == {"a.json", "sub/b.bin"}


def test_tampered_file_is_refused(folder: Path) -> None:
    write_manifest(folder)
    (folder / "a.json").write_text('{"x": 2}')
    with pytest.raises(IntegrityError, match=r"a\.json"):
        verify_manifest(folder)


def test_extra_and_missing_files_are_refused(folder: Path) -> None:
    write_manifest(folder)
    (folder / "evil.py").write_text("print('hi')")
    with pytest.raises(IntegrityError, match="not in manifest"):
        verify_manifest(folder)
    (folder / "evil.py").unlink()
    (folder / "sub" / "b.bin").unlink()
    with pytest.raises(IntegrityError, match="missing"):
        verify_manifest(folder)


def test_manifest_digest_mismatch_is_refused(folder: Path) -> None:
    write_manifest(folder)
    with pytest.raises(IntegrityError, match="expected"):
        verify_manifest(folder, "0" * 64)


def test_no_manifest(tmp_path: Path) -> None:
    with pytest.raises(IntegrityError, match="no manifest"):
        verify_manifest(tmp_path)
