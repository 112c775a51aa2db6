"""What can be wrong with a bundle, each with a message that says what to do.

Every error here is raised before anything is written to the data folder.
Exit code 1 (refused): the user's own data is untouched; the bundle is what
is wrong, and the message says whether to wait, export again or check the
passphrase.
"""

from __future__ import annotations

from rpgmylife_desktop.errors import UserError


class BundleError(UserError):
    """A bundle that cannot be imported as it is."""


class NotABundle(BundleError):
    """The file does not start with the bundle magic bytes."""


class BundleIncomplete(BundleError):
    """The file is shorter than its header says: still being written or synced, or cut off."""


class BundleDamaged(BundleError):
    """The checksum over the file does not match: bytes changed by accident."""


class BundleTampered(BundleError):
    """The checksum matches and the passphrase is right, but the encrypted part fails its
    authentication tag: someone changed it and recomputed the outer checksum."""


class WrongPassphrase(BundleError):
    """The passphrase does not open this encrypted bundle."""


class PassphraseRequired(BundleError):
    """The bundle is encrypted and no passphrase was given."""


class NewerBundleFormat(BundleError):
    """The bundle was written by a newer version of the app."""


class BundleTooLarge(BundleError):
    """A size or count beyond the documented limits, or beyond what the file can hold."""


class BundleInvalid(BundleError):
    """The bundle opens but its content is wrong (an event, the manifest, a count)."""


class ProfileMismatch(BundleError):
    """The bundle belongs to another profile than this data folder."""


class EventConflict(BundleError):
    """An event id already in the log with different content."""
