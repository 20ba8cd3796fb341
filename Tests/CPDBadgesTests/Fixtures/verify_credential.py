"""Independent verification of cpdcert's Open Badges 3.0 credentials, in another language.

usage: verify_credential.py DID_JSON STATUS_JWT CREDENTIAL_JWT...
       verify_credential.py --server BASE CREDENTIAL_JWT...

With --server, the DID document and the status list are fetched from the running `cpdcert
serve` at BASE (http://127.0.0.1:PORT) in place of the https origin the credential names.

For each credential: joserfc checks the RS256 signature with the JWK the DID document
publishes under the header's kid; openbadgeslib resolves the issuer's did:web (the document
given, in place of the HTTPS fetch), verifies the credential as OB 3.0 says (types, iss/sub/
jti/nbf against the credential, validity dates) and its status in the signed Bitstring Status
List. Prints one line per credential, "ok ID" or "fail ID reason", and exits 1 if any failed.
"""
import json
import sys
import urllib.parse
import urllib.request

from joserfc import jws
from joserfc.jwk import RSAKey
from openbadgeslib.ob3.verifier import OB3Verifier


def main() -> int:
    if sys.argv[1] == "--server":
        base, *credentials = sys.argv[2:]

        fetched: dict[str, bytes] = {}

        def fetch(url: str) -> bytes:
            # Once per address and run, as a wallet caches, and within the server's rate limit.
            path = urllib.parse.urlsplit(url).path
            if path not in fetched:
                with urllib.request.urlopen(base + path) as response:
                    fetched[path] = response.read()
            return fetched[path]

        document_bytes = fetch("https://issuer/.well-known/did.json")
        status_bytes = None
    else:
        did_path, status_path, *credentials = sys.argv[1:]
        document_bytes = open(did_path, "rb").read()
        status_bytes = open(status_path, "rb").read()
    document = json.loads(document_bytes)
    keys = {m["id"]: RSAKey.import_key(m["publicKeyJwk"]) for m in document["verificationMethod"]}

    def download(url: str) -> bytes:
        if status_bytes is None:
            return fetch(url)
        if url.endswith("/.well-known/did.json"):
            return document_bytes
        if "/status/" in url:
            return status_bytes
        raise ValueError("no such file in the test: " + url)

    failed = 0
    for path in credentials:
        token = open(path).read().strip()
        try:
            header = jws.extract_compact(token.encode()).protected
            key = keys[header["kid"]]
            jws.deserialize_compact(token, key, algorithms=["RS256"])
            verifier = OB3Verifier.for_issuer_did(document["id"], download=download)
            credential = verifier.verify(token, check_status=True, download=download)
            print("ok", credential.id)
        except Exception as error:  # every failure is reported, and fails the run
            failed += 1
            print("fail", path, type(error).__name__, error)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
