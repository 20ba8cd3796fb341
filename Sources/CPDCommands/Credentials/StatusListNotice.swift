import CPDCore
import CPDOperations
import Foundation

/// The warning a change of status gets when it could not sign the Open Badges status list again.
enum StatusListNotice {
    /// Warns when the registry of `operations` has issued credentials but no credential key was
    /// given: the registry changed, the list wallets read did not.
    static func warnIfUnsigned(_ operations: Operations, keys: KeyOptions) async {
        guard operations.credentialKey == nil, let store = operations.registry as? any CredentialStore,
            let published = try? await store.credentialKeys(), !published.isEmpty
        else { return }
        Console.error(
            "warning: the Open Badges status list was not signed again: no credential key at \(keys.credentialKeyFile.path). Wallets "
                + "see the old status until revoke, reinstate, issue or correct runs with --keys or --credential-key")
    }
}
