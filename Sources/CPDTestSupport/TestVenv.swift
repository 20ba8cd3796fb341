public import Foundation

/// The venv of PyPI tools the tests run (Tests/requirements.txt: aiosmtpd, joserfc, openbadgeslib),
/// which `make test` makes at .build/test-venv; `$CPDCERT_TEST_PYTHON` names another.
public enum TestVenv {
    /// Its Python.
    public static var python: String {
        if let configured = ProcessInfo.processInfo.environment["CPDCERT_TEST_PYTHON"], !configured.isEmpty { return configured }
        return Samples.packageRoot.appendingPathComponent(".build/test-venv/bin/python").path
    }
}
