// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

import {SpaceAccess} from "../common/SpaceAccess.sol";

/// @title SpaceIdentityRegistry — on-chain KYC registry (white paper §10.3, §11.3)
/// @notice Records the KYC level (Retail, Accredited, Institutional, Exempt), expiry and ISO 3166-1 alpha-2 country
///         of an address. KYC providers are integrated off chain (app-api); the verifier role writes the result here.
///         RWA tokens and other compliance-gated products call `isVerified` on every transfer.
/// @dev An address is verified while its level is not `None`, it is not revoked, and `block.timestamp < expiresAt`.
///      Revocation keeps the record (for audit) and sets `revoked`; a later `setIdentity` re-verifies.
contract SpaceIdentityRegistry is SpaceAccess {
    /// @notice Role of the KYC verifier (app-api's signer) that writes and revokes identities.
    bytes32 public constant VERIFIER_ROLE = keccak256("VERIFIER_ROLE");

    /// @notice KYC levels of §10.3. `None` means no record.
    enum KycLevel {
        None,
        Retail,
        Accredited,
        Institutional,
        Exempt
    }

    /// @notice The identity record of an address.
    /// @param level The KYC level.
    /// @param country ISO 3166-1 alpha-2 country code of the jurisdiction, e.g. "VG", "KY" (two upper-case letters).
    /// @param verifiedAt When the verifier wrote the record.
    /// @param expiresAt The record is valid strictly before this time.
    /// @param revoked Whether the record was revoked.
    struct Identity {
        KycLevel level;
        bytes2 country;
        uint64 verifiedAt;
        uint64 expiresAt;
        bool revoked;
    }

    mapping(address account => Identity) private _identities;

    /// @notice The level must be one of Retail, Accredited, Institutional, Exempt.
    error IdentityInvalidLevel();
    /// @notice The country code is not two upper-case ASCII letters.
    error IdentityInvalidCountry(bytes2 country);
    /// @notice The expiry is not in the future.
    error IdentityInvalidExpiry(uint64 expiresAt);
    /// @notice The address has no active (unrevoked) record to revoke.
    error IdentityNotFound(address account);
    /// @notice The batch arrays differ in length.
    error IdentityLengthMismatch();

    /// @notice A verifier wrote an identity record.
    /// @param account The verified address.
    /// @param level The KYC level.
    /// @param country ISO 3166-1 alpha-2 country code.
    /// @param expiresAt End of validity.
    /// @param verifier The verifier that wrote it.
    event IdentitySet(
        address indexed account, KycLevel level, bytes2 country, uint64 expiresAt, address indexed verifier
    );
    /// @notice A verifier revoked an identity record.
    /// @param account The revoked address.
    /// @param reason A short free-text reason (no personal data).
    /// @param verifier The verifier that revoked it.
    event IdentityRevoked(address indexed account, string reason, address indexed verifier);

    /// @notice Deploys the registry.
    /// @param admin Receives `DEFAULT_ADMIN_ROLE` (grants and revokes `VERIFIER_ROLE`).
    /// @param verifier Receives `VERIFIER_ROLE` (may be the zero address to grant later).
    constructor(address admin, address verifier) SpaceAccess(admin) {
        if (verifier != address(0)) _grantRole(VERIFIER_ROLE, verifier);
    }

    /// @notice Writes (or overwrites) the identity of `account`; clears an earlier revocation.
    /// @param account The address to verify.
    /// @param level Retail, Accredited, Institutional or Exempt.
    /// @param country ISO 3166-1 alpha-2 code, two upper-case letters.
    /// @param expiresAt End of validity (must be in the future).
    function setIdentity(address account, KycLevel level, bytes2 country, uint64 expiresAt)
        external
        onlyRole(VERIFIER_ROLE)
    {
        _setIdentity(account, level, country, expiresAt);
    }

    /// @notice Writes several identities in one transaction (same rules as `setIdentity`).
    /// @param accounts The addresses.
    /// @param levels Their levels.
    /// @param countries Their country codes.
    /// @param expiries Their expiries.
    function setIdentities(
        address[] calldata accounts,
        KycLevel[] calldata levels,
        bytes2[] calldata countries,
        uint64[] calldata expiries
    ) external onlyRole(VERIFIER_ROLE) {
        uint256 n = accounts.length;
        if (levels.length != n || countries.length != n || expiries.length != n) revert IdentityLengthMismatch();
        for (uint256 i = 0; i < n; ++i) {
            _setIdentity(accounts[i], levels[i], countries[i], expiries[i]);
        }
    }

    /// @notice Revokes the identity of `account`; `isVerified` turns false at once.
    /// @param account The address to revoke.
    /// @param reason A short reason for the audit trail (no personal data).
    function revokeIdentity(address account, string calldata reason) external onlyRole(VERIFIER_ROLE) {
        Identity storage identity = _identities[account];
        if (identity.level == KycLevel.None || identity.revoked) revert IdentityNotFound(account);
        identity.revoked = true;
        emit IdentityRevoked(account, reason, msg.sender);
    }

    /// @notice Whether `account` is currently verified at any level.
    /// @param account The address.
    /// @return True while the record exists, is unrevoked and unexpired.
    function isVerified(address account) public view returns (bool) {
        Identity storage identity = _identities[account];
        // forge-lint: disable-next-line(block-timestamp) — KYC expiry is day-scale
        return identity.level != KycLevel.None && !identity.revoked && block.timestamp < identity.expiresAt;
    }

    /// @notice Whether `account` is currently verified at exactly `level`.
    /// @param account The address.
    /// @param level The level to test.
    /// @return True when verified and the recorded level equals `level`.
    function isVerifiedAt(address account, KycLevel level) external view returns (bool) {
        return isVerified(account) && _identities[account].level == level;
    }

    /// @notice The stored record of `account` (also when expired or revoked).
    /// @param account The address.
    /// @return The identity record.
    function identityOf(address account) external view returns (Identity memory) {
        return _identities[account];
    }

    function _setIdentity(address account, KycLevel level, bytes2 country, uint64 expiresAt) private {
        if (account == address(0)) revert ZeroAddress();
        if (level == KycLevel.None) revert IdentityInvalidLevel();
        if (!_isCountryCode(country)) revert IdentityInvalidCountry(country);
        // forge-lint: disable-next-line(block-timestamp)
        if (expiresAt <= block.timestamp) revert IdentityInvalidExpiry(expiresAt);
        _identities[account] = Identity({
            level: level,
            country: country,
            verifiedAt: uint64(block.timestamp),
            expiresAt: expiresAt,
            revoked: false
        });
        emit IdentitySet(account, level, country, expiresAt, msg.sender);
    }

    function _isCountryCode(bytes2 country) private pure returns (bool) {
        bytes1 a = country[0];
        bytes1 b = country[1];
        return a >= "A" && a <= "Z" && b >= "A" && b <= "Z";
    }
}
