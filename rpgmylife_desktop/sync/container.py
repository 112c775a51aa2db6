"""The bytes of a `.rpgbundle` file: header, compressed (and maybe encrypted) body, checksum.

    offset     size  field
    0          8     magic  b"RPGBNDL\\n"   (a text editor shows what it is)
    8          2     container format version, unsigned big-endian (FORMAT_VERSION)
    10         4     header length H, unsigned big-endian (at most MAX_HEADER)
    14         H     header: UTF-8 JSON object; never holds the person's data
    14+H       B     body: zlib stream of the content, or its AES-256-GCM ciphertext
    14+H+B     32    SHA-256 of every byte before it

The header says `body_size` (B) and `content_size` (the content's size once
inflated) and, for an encrypted bundle, the KDF and cipher parameters. The
content itself (manifest and events) is `bundle.py`'s business.

Why zlib: the content is JSON text that zlib level 1 shrinks about 6x at ~180 MB/s
here (level 6 saves another 16 % in 3.5x the time); lzma shrinks it further but
compresses about ten times slower, which alone would blow the 2-second budget for
exporting 100,000 events. zstandard would be faster still, but it is not in the
standard library and zlib already meets the targets.

Why a checksum *and* an authentication tag: the plain SHA-256 tells a damaged
or cut-off file (a bit flipped on a USB stick, a sync tool still copying) from
everything else, without a passphrase. The passphrase check value tells a wrong
passphrase apart. When both pass and AES-GCM still rejects the body, the bytes
were changed on purpose (the checksum recomputed): tampered. The header is the
AES-GCM associated data, so it cannot be swapped either.

Reading is bounded: the file size, the header length, the declared content
size and its ratio to the compressed size are checked before memory is spent,
and inflating stops at the declared size (a decompression bomb is refused).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rpgmylife_desktop.sync.errors import (
    BundleDamaged,
    BundleIncomplete,
    BundleTampered,
    BundleTooLarge,
    NewerBundleFormat,
    NotABundle,
    PassphraseRequired,
    WrongPassphrase,
)

MAGIC = b"RPGBNDL\n"
FORMAT_VERSION = 1
PREFIX = struct.Struct(">8sHI")  # magic, format version, header length
CHECKSUM_SIZE = 32

MAX_HEADER = 64 * 1024
"""A header is a few hundred bytes; anything near this is not ours."""
MAX_FILE = 1024 * 1024 * 1024
"""1 GiB on disk: about 20 million events; bigger files are refused unread."""
MAX_CONTENT = 4 * 1024 * 1024 * 1024
"""4 GiB inflated: about 12 million events, far beyond a lifetime of habit logs."""
MAX_RATIO = 200
"""Event JSON inflates ~7x; zlib can reach ~1000x only on degenerate input (a bomb)."""

ZLIB_LEVEL = 1
"""Level 1: about 6x smaller than the JSON at ~180 MB/s here; level 6 saves another 16 %
but takes 3.5x as long (0.95 s instead of 0.27 s for 100,000 events)."""
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
"""~0.1 s and 32 MB to derive a key: cheap once per bundle, costly per guess."""
MAX_SCRYPT_N = 2**20
"""A header asking for more work than this is refused (it would take seconds and 1 GB)."""
KEY_SIZE, CHECK_SIZE, SALT_SIZE, NONCE_SIZE = 32, 16, 16, 12


@dataclass(frozen=True, slots=True)
class Opened:
    """A bundle file read, checked, decrypted and inflated."""

    header: dict[str, Any]
    content: bytes
    encrypted: bool


def pack(content: bytes, passphrase: str | None = None) -> list[bytes]:
    """The bytes of a bundle holding `content`, as chunks to write."""
    body = zlib.compress(content, ZLIB_LEVEL)
    header: dict[str, Any] = {
        "compression": "zlib",
        "content_size": len(content),
        "encryption": None,
    }
    prefix_and_header = b""
    if passphrase is not None:
        salt, nonce = os.urandom(SALT_SIZE), os.urandom(NONCE_SIZE)
        key, check = _derive(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
        header["encryption"] = {
            "kdf": "scrypt",
            "n": SCRYPT_N,
            "r": SCRYPT_R,
            "p": SCRYPT_P,
            "salt": _b64(salt),
            "check": _b64(check),
            "cipher": "AES-256-GCM",
            "nonce": _b64(nonce),
        }
        header["body_size"] = len(body) + 16  # the GCM tag
        prefix_and_header = _prefix_and_header(header)
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        body = AESGCM(key).encrypt(nonce, body, prefix_and_header)
    else:
        header["body_size"] = len(body)
        prefix_and_header = _prefix_and_header(header)
    digest = hashlib.sha256(prefix_and_header)
    digest.update(body)
    return [prefix_and_header, body, digest.digest()]


def _prefix_and_header(header: dict[str, Any]) -> bytes:
    raw = json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return PREFIX.pack(MAGIC, FORMAT_VERSION, len(raw)) + raw


def read_header(path: Path) -> tuple[dict[str, Any], int]:
    """The header of the bundle at `path` and the file size the header promises.

    Cheap (reads the first few KB): the sync folder uses it to skip files still
    being copied. Raises NotABundle, NewerBundleFormat, BundleTooLarge, BundleDamaged.
    """
    with open(path, "rb") as handle:
        start = handle.read(PREFIX.size + MAX_HEADER)
    return _parse_start(path, start)


def _parse_start(path: Path, start: bytes) -> tuple[dict[str, Any], int]:
    if len(start) < PREFIX.size:
        if MAGIC.startswith(start[: len(MAGIC)]) and start:
            raise BundleIncomplete(
                f"{path.name} is cut off: only {len(start)} bytes.",
                hint="If a sync tool is still copying it, wait; otherwise export it again.",
            )
        raise NotABundle(f"{path.name} is not an RPGMyLife bundle.")
    magic, version, header_length = PREFIX.unpack_from(start)
    if magic != MAGIC:
        raise NotABundle(
            f"{path.name} is not an RPGMyLife bundle.",
            hint="Bundles are the .rpgbundle files that 'rpgmylife export' writes.",
            window_hint="Bundles are the .rpgbundle files that File > Export bundle… writes.",
        )
    if version > FORMAT_VERSION:
        raise NewerBundleFormat(
            f"{path.name} uses bundle format {version}; this app reads up to {FORMAT_VERSION}.",
            hint="Update RPGMyLife on this computer, then import it again.",
        )
    if version < 1:
        raise BundleDamaged(f"{path.name} is damaged: bundle format {version} does not exist.")
    if header_length > MAX_HEADER:
        raise BundleTooLarge(
            f"{path.name} declares a {header_length}-byte header (the limit is {MAX_HEADER}).",
            hint="It is damaged or not an RPGMyLife bundle.",
        )
    end = PREFIX.size + header_length
    if len(start) < end:
        raise BundleIncomplete(
            f"{path.name} is cut off inside its header.",
            hint="If a sync tool is still copying it, wait; otherwise export it again.",
        )
    try:
        header = json.loads(start[PREFIX.size : end])
        body_size = int(header["body_size"])
        content_size = int(header["content_size"])
        if not isinstance(header, dict) or body_size < 0 or content_size < 0:
            raise ValueError("negative size")
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise BundleDamaged(
            f"{path.name} is damaged: its header cannot be read.",
            hint="Export the bundle again on the other computer.",
        ) from None
    return header, end + body_size + CHECKSUM_SIZE


def open_bundle(path: Path, passphrase: str | None = None) -> Opened:
    """Read, check, decrypt and inflate the bundle at `path` (see the module docstring)."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise NotABundle(f"{path} does not exist.") from None
    if not path.is_file():
        raise NotABundle(f"{path} is not a file, so not a bundle.")
    if size > MAX_FILE:
        raise BundleTooLarge(
            f"{path.name} is {size:,} bytes; bundles are limited to {MAX_FILE:,}.",
            hint="Export smaller date ranges (--since/--until) on the other computer.",
            window_hint="Export smaller date ranges on the other computer with the command "
            "line's export.",
        )
    header, expected = read_header(path)
    if expected > MAX_FILE:
        raise BundleTooLarge(f"{path.name} declares {expected:,} bytes (limit {MAX_FILE:,}).")
    if size < expected:
        raise BundleIncomplete(
            f"{path.name} is incomplete: {size:,} of the {expected:,} bytes it declares.",
            hint="If a sync tool is still copying it, wait; otherwise export it again.",
        )
    if size > expected:
        raise BundleDamaged(
            f"{path.name} is damaged: {size - expected:,} bytes more than it declares.",
            hint="Export the bundle again on the other computer.",
        )
    data = path.read_bytes()
    if len(data) != expected:
        raise BundleIncomplete(f"{path.name} changed while it was read.", hint="Try again.")
    if hashlib.sha256(memoryview(data)[:-CHECKSUM_SIZE]).digest() != data[-CHECKSUM_SIZE:]:
        raise BundleDamaged(
            f"{path.name} is damaged: its checksum does not match (bytes changed in transit).",
            hint="Copy or export the bundle again.",
        )
    content_size = int(header["content_size"])
    body_start = expected - CHECKSUM_SIZE - int(header["body_size"])
    body = memoryview(data)[body_start:-CHECKSUM_SIZE]
    if content_size > MAX_CONTENT or content_size > max(len(body), 1024) * MAX_RATIO:
        raise BundleTooLarge(
            f"{path.name} claims {content_size:,} bytes of events in {len(body):,} compressed "
            "bytes: more than the documented limits allow (a decompression bomb?).",
            hint="Only import bundles written by RPGMyLife.",
        )
    encryption = header.get("encryption")
    if encryption is not None:
        if passphrase is None:
            raise PassphraseRequired(
                f"{path.name} is encrypted.",
                hint="Give its passphrase with --passphrase-file FILE.",
                window_hint="Enter its passphrase when asked.",
            )
        body = memoryview(_decrypt(path, encryption, passphrase, data[:body_start], body))
    if header.get("compression") != "zlib":
        raise BundleDamaged(f"{path.name}: unknown compression {header.get('compression')!r}.")
    content = _inflate(path, body, content_size)
    return Opened(header, content, encryption is not None)


def _decrypt(
    path: Path, encryption: Any, passphrase: str, associated: bytes, body: memoryview
) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        if encryption["kdf"] != "scrypt" or encryption["cipher"] != "AES-256-GCM":
            raise ValueError("unknown algorithm")
        n, r, p = int(encryption["n"]), int(encryption["r"]), int(encryption["p"])
        if not (2 <= n <= MAX_SCRYPT_N and 1 <= r <= 32 and 1 <= p <= 16):
            raise ValueError("key derivation parameters out of range")
        salt = base64.b64decode(encryption["salt"], validate=True)
        check = base64.b64decode(encryption["check"], validate=True)
        nonce = base64.b64decode(encryption["nonce"], validate=True)
        if len(nonce) != NONCE_SIZE:
            raise ValueError("bad nonce")
    except (ValueError, KeyError, TypeError):
        raise BundleDamaged(
            f"{path.name} is damaged: its encryption parameters cannot be used.",
            hint="Export the bundle again on the other computer.",
        ) from None
    key, expected_check = _derive(passphrase, salt, n, r, p)
    if expected_check != check:
        raise WrongPassphrase(
            f"The passphrase does not open {path.name}.",
            hint="Check the passphrase file (the whole first line is the passphrase).",
        )
    try:
        return AESGCM(key).decrypt(nonce, bytes(body), associated)
    except InvalidTag:
        raise BundleTampered(
            f"{path.name} was changed after it was written: the passphrase is right and the "
            "checksum matches, but the encrypted events fail their authentication.",
            hint="Do not import it; export a fresh bundle on the other computer.",
        ) from None


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> tuple[bytes, bytes]:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    derived = Scrypt(salt=salt, length=KEY_SIZE + CHECK_SIZE, n=n, r=r, p=p).derive(
        passphrase.encode("utf-8")
    )
    return derived[:KEY_SIZE], derived[KEY_SIZE:]


def _inflate(path: Path, body: memoryview, content_size: int) -> bytes:
    inflater = zlib.decompressobj()
    try:
        content = inflater.decompress(body, content_size + 1)
    except zlib.error:
        raise BundleDamaged(
            f"{path.name} is damaged: its compressed events cannot be inflated.",
            hint="Export the bundle again on the other computer.",
        ) from None
    if len(content) > content_size or inflater.unconsumed_tail:
        raise BundleTooLarge(
            f"{path.name} inflates beyond the {content_size:,} bytes it declares "
            "(a decompression bomb?); it was not read further.",
            hint="Only import bundles written by RPGMyLife.",
        )
    if not inflater.eof or len(content) != content_size:
        raise BundleDamaged(
            f"{path.name} is damaged: its events are shorter than declared.",
            hint="Export the bundle again on the other computer.",
        )
    return content


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")
