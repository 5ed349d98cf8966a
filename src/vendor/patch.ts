// What every patch in src/vendor does when the library no longer looks the way it was written for:
// it throws this error, and the build fails. A patch never falls back silently to the unpatched path,
// because a silent fallback would hide the upgrade that broke it (and with it the speed or the bytes).

export class VendorPatchError extends Error {
  constructor(
    readonly library: string,
    readonly patch: string,
    what: string,
  ) {
    super(
      `patch "${patch}" no longer applies to ${library}: ${what} — lectern pins the version it was written for; ` +
        'see src/vendor/README.md to update or remove the patch',
    );
    this.name = 'VendorPatchError';
  }
}

/** Throws a VendorPatchError unless `ok`. */
export function expectShape(ok: unknown, library: string, patch: string, what: string): asserts ok {
  if (!ok) throw new VendorPatchError(library, patch, what);
}
