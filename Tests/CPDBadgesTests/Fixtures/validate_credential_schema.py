"""JSON Schema check of cpdcert's Open Badges 3.0 credentials against 1EdTech's schema.

usage: validate_credential_schema.py SCHEMA_JSON CREDENTIAL_JWT...

Each credential's JWT payload (the credential with its iss/jti/nbf/sub claims; the signature is
not checked here) is validated with jsonschema's Draft 2019-09 validator, the draft the schema
names, with format checking on (date-time needs rfc3339-validator, pinned in
Tests/requirements.txt: without it jsonschema skips the check silently, so this refuses to run).
Prints "ok FILE" or "fail FILE" followed by one "  at PATH: MESSAGE" line per error, and exits 1
if any failed.
"""
import base64
import json
import sys

import jsonschema


def payload(token: str) -> dict:
    part = token.strip().split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def main() -> int:
    schema_path, *credentials = sys.argv[1:]
    schema = json.load(open(schema_path))
    if schema.get("$schema") != "https://json-schema.org/draft/2019-09/schema#":
        print("the schema is not draft 2019-09:", schema.get("$schema"), file=sys.stderr)
        return 2
    jsonschema.Draft201909Validator.check_schema(schema)
    checker = jsonschema.Draft201909Validator.FORMAT_CHECKER
    if "date-time" not in checker.checkers:
        print("jsonschema cannot check date-time here: install rfc3339-validator", file=sys.stderr)
        return 2
    validator = jsonschema.Draft201909Validator(schema, format_checker=checker)
    failed = 0
    for path in credentials:
        errors = sorted(validator.iter_errors(payload(open(path).read())), key=lambda e: list(e.absolute_path))
        if errors:
            failed += 1
            print("fail", path)
            for error in errors:
                where = "/".join(str(p) for p in error.absolute_path) or "(root)"
                # A oneOf's message quotes the whole instance; its best sub-error says what is wrong.
                best = jsonschema.exceptions.best_match([error])
                print(f"  at {where}: {best.message[:300]}")
        else:
            print("ok", path)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
