// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

import {Test} from "forge-std/Test.sol";
import {SpaceAccess} from "../../src/common/SpaceAccess.sol";
import {AccessControlErrors} from "./utils/AccessControlErrors.sol";
import {SpaceIdentityRegistry} from "../../src/defi/SpaceIdentityRegistry.sol";

/// Unit and fuzz tests of SpaceIdentityRegistry (white paper §10.3, §11.3).
contract SpaceIdentityRegistryTest is Test {
    SpaceIdentityRegistry internal registry;
    address internal admin = makeAddr("admin");
    address internal verifier = makeAddr("verifier");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    uint64 internal expiry;

    event IdentitySet(
        address indexed account,
        SpaceIdentityRegistry.KycLevel level,
        bytes2 country,
        uint64 expiresAt,
        address indexed verifier
    );
    event IdentityRevoked(address indexed account, string reason, address indexed verifier);

    function setUp() public {
        vm.warp(1_700_000_000);
        registry = new SpaceIdentityRegistry(admin, verifier);
        expiry = uint64(block.timestamp + 365 days);
    }

    function _set(address account, SpaceIdentityRegistry.KycLevel level) internal {
        vm.prank(verifier);
        registry.setIdentity(account, level, "VG", expiry);
    }

    function test_constructorGrantsRoles() public view {
        assertTrue(registry.hasRole(registry.DEFAULT_ADMIN_ROLE(), admin));
        assertTrue(registry.hasRole(registry.VERIFIER_ROLE(), verifier));
    }

    function test_constructorAllowsNoInitialVerifier() public {
        SpaceIdentityRegistry r = new SpaceIdentityRegistry(admin, address(0));
        assertFalse(r.hasRole(r.VERIFIER_ROLE(), address(0)));
    }

    function test_constructorRejectsZeroAdmin() public {
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        new SpaceIdentityRegistry(address(0), verifier);
    }

    function test_verifierWritesEachKycLevel() public {
        for (uint8 l = 1; l <= 4; ++l) {
            address account = address(uint160(0x1000 + l));
            SpaceIdentityRegistry.KycLevel level = SpaceIdentityRegistry.KycLevel(l);
            vm.expectEmit(true, true, false, true, address(registry));
            emit IdentitySet(account, level, "KY", expiry, verifier);
            vm.prank(verifier);
            registry.setIdentity(account, level, "KY", expiry);
            assertTrue(registry.isVerified(account));
            assertTrue(registry.isVerifiedAt(account, level));
            SpaceIdentityRegistry.Identity memory id = registry.identityOf(account);
            assertEq(uint8(id.level), l);
            assertEq(id.country, bytes2("KY"));
            assertEq(id.expiresAt, expiry);
            assertEq(id.verifiedAt, block.timestamp);
            assertFalse(id.revoked);
        }
    }

    function test_isVerifiedAtIsFalseForAnotherLevel() public {
        _set(alice, SpaceIdentityRegistry.KycLevel.Retail);
        assertFalse(registry.isVerifiedAt(alice, SpaceIdentityRegistry.KycLevel.Accredited));
    }

    function test_unknownAddressIsNotVerified() public view {
        assertFalse(registry.isVerified(bob));
        assertFalse(registry.isVerifiedAt(bob, SpaceIdentityRegistry.KycLevel.None));
    }

    function test_verificationExpires() public {
        _set(alice, SpaceIdentityRegistry.KycLevel.Accredited);
        vm.warp(expiry - 1);
        assertTrue(registry.isVerified(alice));
        vm.warp(expiry);
        assertFalse(registry.isVerified(alice));
    }

    function test_setIdentityRejectsNonVerifier() public {
        vm.expectRevert(AccessControlErrors.missingRole(alice, registry.VERIFIER_ROLE()));
        vm.prank(alice);
        registry.setIdentity(alice, SpaceIdentityRegistry.KycLevel.Retail, "VG", expiry);
    }

    function test_setIdentityRejectsZeroAddress() public {
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        vm.prank(verifier);
        registry.setIdentity(address(0), SpaceIdentityRegistry.KycLevel.Retail, "VG", expiry);
    }

    function test_setIdentityRejectsLevelNone() public {
        vm.expectRevert(SpaceIdentityRegistry.IdentityInvalidLevel.selector);
        vm.prank(verifier);
        registry.setIdentity(alice, SpaceIdentityRegistry.KycLevel.None, "VG", expiry);
    }

    function test_setIdentityRejectsALowerCaseCountry() public {
        vm.expectRevert(abi.encodeWithSelector(SpaceIdentityRegistry.IdentityInvalidCountry.selector, bytes2("vg")));
        vm.prank(verifier);
        registry.setIdentity(alice, SpaceIdentityRegistry.KycLevel.Retail, "vg", expiry);
    }

    function test_setIdentityRejectsAPastExpiry() public {
        uint64 past = uint64(block.timestamp);
        vm.expectRevert(abi.encodeWithSelector(SpaceIdentityRegistry.IdentityInvalidExpiry.selector, past));
        vm.prank(verifier);
        registry.setIdentity(alice, SpaceIdentityRegistry.KycLevel.Retail, "VG", past);
    }

    function test_batchWritesSeveralIdentities() public {
        address[] memory accounts = new address[](2);
        accounts[0] = alice;
        accounts[1] = bob;
        SpaceIdentityRegistry.KycLevel[] memory levels = new SpaceIdentityRegistry.KycLevel[](2);
        levels[0] = SpaceIdentityRegistry.KycLevel.Institutional;
        levels[1] = SpaceIdentityRegistry.KycLevel.Exempt;
        bytes2[] memory countries = new bytes2[](2);
        countries[0] = "VG";
        countries[1] = "KY";
        uint64[] memory expiries = new uint64[](2);
        expiries[0] = expiry;
        expiries[1] = expiry + 1;
        vm.prank(verifier);
        registry.setIdentities(accounts, levels, countries, expiries);
        assertTrue(registry.isVerifiedAt(alice, SpaceIdentityRegistry.KycLevel.Institutional));
        assertTrue(registry.isVerifiedAt(bob, SpaceIdentityRegistry.KycLevel.Exempt));
        assertEq(registry.identityOf(bob).country, bytes2("KY"));
    }

    function test_batchRejectsMismatchedLengths() public {
        vm.expectRevert(SpaceIdentityRegistry.IdentityLengthMismatch.selector);
        vm.prank(verifier);
        registry.setIdentities(
            new address[](2), new SpaceIdentityRegistry.KycLevel[](1), new bytes2[](2), new uint64[](2)
        );
    }

    function test_batchRejectsNonVerifier() public {
        vm.expectRevert(AccessControlErrors.missingRole(alice, registry.VERIFIER_ROLE()));
        vm.prank(alice);
        registry.setIdentities(
            new address[](0), new SpaceIdentityRegistry.KycLevel[](0), new bytes2[](0), new uint64[](0)
        );
    }

    function test_revocationEndsVerificationAndKeepsTheRecord() public {
        _set(alice, SpaceIdentityRegistry.KycLevel.Retail);
        vm.expectEmit(true, true, false, true, address(registry));
        emit IdentityRevoked(alice, "sanctions hit", verifier);
        vm.prank(verifier);
        registry.revokeIdentity(alice, "sanctions hit");
        assertFalse(registry.isVerified(alice));
        SpaceIdentityRegistry.Identity memory id = registry.identityOf(alice);
        assertTrue(id.revoked);
        assertEq(uint8(id.level), uint8(SpaceIdentityRegistry.KycLevel.Retail));
    }

    function test_reverificationClearsARevocation() public {
        _set(alice, SpaceIdentityRegistry.KycLevel.Retail);
        vm.prank(verifier);
        registry.revokeIdentity(alice, "expired documents");
        _set(alice, SpaceIdentityRegistry.KycLevel.Accredited);
        assertTrue(registry.isVerifiedAt(alice, SpaceIdentityRegistry.KycLevel.Accredited));
    }

    function test_revokeRejectsNonVerifier() public {
        _set(alice, SpaceIdentityRegistry.KycLevel.Retail);
        vm.expectRevert(AccessControlErrors.missingRole(bob, registry.VERIFIER_ROLE()));
        vm.prank(bob);
        registry.revokeIdentity(alice, "x");
    }

    function test_revokeRejectsAnUnknownAddress() public {
        vm.expectRevert(abi.encodeWithSelector(SpaceIdentityRegistry.IdentityNotFound.selector, bob));
        vm.prank(verifier);
        registry.revokeIdentity(bob, "x");
    }

    function test_revokeRejectsAnAlreadyRevokedAddress() public {
        _set(alice, SpaceIdentityRegistry.KycLevel.Retail);
        vm.startPrank(verifier);
        registry.revokeIdentity(alice, "x");
        vm.expectRevert(abi.encodeWithSelector(SpaceIdentityRegistry.IdentityNotFound.selector, alice));
        registry.revokeIdentity(alice, "x");
        vm.stopPrank();
    }

    function test_adminGrantsAndRevokesTheVerifierRole() public {
        bytes32 role = registry.VERIFIER_ROLE();
        vm.prank(admin);
        registry.grantRole(role, bob);
        vm.prank(bob);
        registry.setIdentity(alice, SpaceIdentityRegistry.KycLevel.Retail, "VG", expiry);
        vm.prank(admin);
        registry.revokeRole(role, bob);
        vm.expectRevert(AccessControlErrors.missingRole(bob, role));
        vm.prank(bob);
        registry.setIdentity(alice, SpaceIdentityRegistry.KycLevel.Retail, "VG", expiry);
    }

    /// Only two upper-case ASCII letters are accepted as a country code.
    function testFuzz_countryCodeValidation(bytes2 country) public {
        bool valid = uint8(country[0]) >= 0x41 && uint8(country[0]) <= 0x5a && uint8(country[1]) >= 0x41
            && uint8(country[1]) <= 0x5a;
        if (!valid) {
            vm.expectRevert(abi.encodeWithSelector(SpaceIdentityRegistry.IdentityInvalidCountry.selector, country));
        }
        vm.prank(verifier);
        registry.setIdentity(alice, SpaceIdentityRegistry.KycLevel.Retail, country, expiry);
        assertEq(registry.isVerified(alice), valid);
    }

    /// An identity is verified strictly before its expiry and not from then on.
    function testFuzz_verifiedExactlyUntilExpiry(uint64 expiresAt, uint64 checkAt) public {
        expiresAt = uint64(bound(expiresAt, block.timestamp + 1, type(uint64).max));
        checkAt = uint64(bound(checkAt, block.timestamp, type(uint64).max));
        vm.prank(verifier);
        registry.setIdentity(alice, SpaceIdentityRegistry.KycLevel.Exempt, "US", expiresAt);
        vm.warp(checkAt);
        assertEq(registry.isVerified(alice), checkAt < expiresAt);
    }
}
