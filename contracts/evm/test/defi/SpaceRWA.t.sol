// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

import {Test} from "forge-std/Test.sol";
import {SpaceAccess} from "../../src/common/SpaceAccess.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SpaceIdentityRegistry} from "../../src/defi/SpaceIdentityRegistry.sol";
import {SpaceRWAFactory} from "../../src/defi/SpaceRWAFactory.sol";
import {SpaceRWAToken} from "../../src/defi/SpaceRWAToken.sol";
import {AccessControlErrors} from "./utils/AccessControlErrors.sol";
import {MockERC20, FeeOnTransferToken} from "./mocks/MockTokens.sol";

/// Unit and fuzz tests of SpaceRWAFactory and SpaceRWAToken (white paper §10.3).
contract SpaceRWATest is Test {
    SpaceIdentityRegistry internal registry;
    SpaceRWAFactory internal factory;
    SpaceRWAToken internal token;
    MockERC20 internal usds;
    address internal admin = makeAddr("admin");
    address internal verifier = makeAddr("verifier");
    address internal issuer = makeAddr("issuer");
    address internal agent = makeAddr("agent");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal mallory = makeAddr("mallory"); // never verified

    event RWATokenCreated(
        address indexed token,
        SpaceRWAToken.AssetClass indexed assetClass,
        string name,
        string symbol,
        address indexed admin,
        address transferAgent
    );
    event ForcedTransfer(address indexed from, address indexed to, uint256 amount, string courtOrder, address agent);
    event ForcedBurn(address indexed from, uint256 amount, string courtOrder, address agent);
    event DividendsDistributed(address indexed distributor, uint256 amount, uint256 magnifiedDividendPerShare);
    event DividendClaimed(address indexed account, uint256 amount);
    event DocumentUpdated(bytes32 indexed name, uint256 indexed version, string cid);

    function setUp() public {
        vm.warp(1_700_000_000);
        registry = new SpaceIdentityRegistry(admin, verifier);
        factory = new SpaceRWAFactory(admin, registry);
        usds = new MockERC20("USD.s", "USD.s", 18);
        _verify(alice);
        _verify(bob);
        _verify(issuer);
        token = _createToken(SpaceRWAToken.AssetClass.RealEstate, IERC20(address(usds)));
        usds.mint(issuer, 1e30);
        vm.prank(issuer);
        usds.approve(address(token), type(uint256).max);
    }

    function _verify(address account) internal {
        vm.prank(verifier);
        registry.setIdentity(account, SpaceIdentityRegistry.KycLevel.Accredited, "VG", type(uint64).max);
    }

    function _revoke(address account) internal {
        vm.prank(verifier);
        registry.revokeIdentity(account, "test");
    }

    function _config(SpaceRWAToken.AssetClass assetClass, IERC20 dividendToken)
        internal
        view
        returns (SpaceRWAFactory.TokenConfig memory)
    {
        return SpaceRWAFactory.TokenConfig({
            name: "Road Town Tower",
            symbol: "RTT",
            decimals: 0,
            assetClass: assetClass,
            dividendToken: dividendToken,
            admin: issuer,
            transferAgent: agent
        });
    }

    function _createToken(SpaceRWAToken.AssetClass assetClass, IERC20 dividendToken)
        internal
        returns (SpaceRWAToken)
    {
        vm.prank(admin);
        return factory.createToken(_config(assetClass, dividendToken));
    }

    function _mint(address to, uint256 amount) internal {
        vm.prank(issuer);
        token.mint(to, amount);
    }

    function _distribute(uint256 amount) internal {
        vm.prank(issuer);
        token.distributeDividends(amount);
    }

    // ------------------------------------------------------------ factory

    function test_factoryConstructorGrantsRoles() public view {
        assertTrue(factory.hasRole(factory.DEFAULT_ADMIN_ROLE(), admin));
        assertTrue(factory.hasRole(factory.CREATOR_ROLE(), admin));
        assertEq(address(factory.identityRegistry()), address(registry));
    }

    function test_factoryConstructorRejectsZeroAdmin() public {
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        new SpaceRWAFactory(address(0), registry);
    }

    function test_factoryConstructorRejectsZeroRegistry() public {
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        new SpaceRWAFactory(admin, SpaceIdentityRegistry(address(0)));
    }

    function test_factoryCreatesATokenOfEachAssetClass() public {
        for (uint8 c = 0; c < 4; ++c) {
            SpaceRWAToken.AssetClass assetClass = SpaceRWAToken.AssetClass(c);
            vm.expectEmit(false, true, true, true, address(factory));
            emit RWATokenCreated(address(0), assetClass, "Road Town Tower", "RTT", issuer, agent);
            SpaceRWAToken t = _createToken(assetClass, IERC20(address(usds)));
            assertTrue(factory.isRWAToken(address(t)));
            assertEq(uint8(t.assetClass()), c);
        }
        assertEq(factory.tokenCount(), 5);
        address[] memory all = factory.tokens();
        assertEq(all.length, 5);
        assertEq(all[0], address(token));
    }

    function test_createdTokenCarriesItsConfiguration() public view {
        assertEq(token.name(), "Road Town Tower");
        assertEq(token.symbol(), "RTT");
        assertEq(token.decimals(), 0);
        assertEq(address(token.identityRegistry()), address(registry));
        assertEq(address(token.dividendToken()), address(usds));
        assertTrue(token.hasRole(token.DEFAULT_ADMIN_ROLE(), issuer));
        assertTrue(token.hasRole(token.ISSUER_ROLE(), issuer));
        assertTrue(token.hasRole(token.TRANSFER_AGENT_ROLE(), agent));
        assertFalse(token.hasRole(token.ISSUER_ROLE(), address(factory)));
    }

    function test_createTokenRejectsNonCreator() public {
        SpaceRWAFactory.TokenConfig memory config = _config(SpaceRWAToken.AssetClass.Art, IERC20(address(usds)));
        vm.expectRevert(AccessControlErrors.missingRole(alice, factory.CREATOR_ROLE()));
        vm.prank(alice);
        factory.createToken(config);
    }

    function test_createTokenRejectsZeroAddresses() public {
        SpaceRWAFactory.TokenConfig memory config = _config(SpaceRWAToken.AssetClass.Art, IERC20(address(0)));
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        vm.prank(admin);
        factory.createToken(config);
        config = _config(SpaceRWAToken.AssetClass.Art, IERC20(address(usds)));
        config.transferAgent = address(0);
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        vm.prank(admin);
        factory.createToken(config);
    }

    function test_tokenConstructorRejectsZeroRegistryAndZeroAdmin() public {
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        new SpaceRWAToken(
            "X", "X", 0, SpaceRWAToken.AssetClass.Art, SpaceIdentityRegistry(address(0)), IERC20(address(usds)), issuer, agent
        );
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        new SpaceRWAToken("X", "X", 0, SpaceRWAToken.AssetClass.Art, registry, IERC20(address(usds)), address(0), agent);
    }

    // ------------------------------------------------------------ mint and transfer restrictions

    function test_issuerMintsToAVerifiedInvestor() public {
        _mint(alice, 100);
        assertEq(token.balanceOf(alice), 100);
        assertEq(token.totalSupply(), 100);
    }

    function test_mintToAnUnverifiedAddressFails() public {
        vm.expectRevert(abi.encodeWithSelector(SpaceRWAToken.RWANotVerified.selector, mallory));
        _mint(mallory, 100);
    }

    function test_mintRejectsNonIssuer() public {
        vm.expectRevert(AccessControlErrors.missingRole(alice, token.ISSUER_ROLE()));
        vm.prank(alice);
        token.mint(alice, 1);
    }

    function test_mintRejectsZero() public {
        vm.expectRevert(SpaceAccess.ZeroAmount.selector);
        _mint(alice, 0);
    }

    function test_verifiedInvestorsTransferToEachOther() public {
        _mint(alice, 100);
        vm.prank(alice);
        assertTrue(token.transfer(bob, 40));
        assertEq(token.balanceOf(bob), 40);
    }

    function test_transferToAnUnverifiedAddressFails() public {
        _mint(alice, 100);
        vm.expectRevert(abi.encodeWithSelector(SpaceRWAToken.RWANotVerified.selector, mallory));
        vm.prank(alice);
        token.transfer(mallory, 1);
    }

    function test_aRevokedHolderCannotSend() public {
        _mint(alice, 100);
        _revoke(alice);
        vm.expectRevert(abi.encodeWithSelector(SpaceRWAToken.RWANotVerified.selector, alice));
        vm.prank(alice);
        token.transfer(bob, 1);
    }

    function test_anExpiredHolderCannotReceive() public {
        vm.prank(verifier);
        registry.setIdentity(bob, SpaceIdentityRegistry.KycLevel.Retail, "KY", uint64(block.timestamp + 1 days));
        _mint(alice, 100);
        vm.warp(block.timestamp + 1 days);
        vm.expectRevert(abi.encodeWithSelector(SpaceRWAToken.RWANotVerified.selector, bob));
        vm.prank(alice);
        token.transfer(bob, 1);
    }

    function test_transferFromChecksBothHolders() public {
        _mint(alice, 100);
        vm.prank(alice);
        token.approve(mallory, 100);
        // An unverified spender may move tokens between verified holders; the holders are what is checked.
        vm.prank(mallory);
        token.transferFrom(alice, bob, 10);
        assertEq(token.balanceOf(bob), 10);
        vm.expectRevert(abi.encodeWithSelector(SpaceRWAToken.RWANotVerified.selector, mallory));
        vm.prank(mallory);
        token.transferFrom(alice, mallory, 10);
    }

    // ------------------------------------------------------------ court orders

    function test_transferAgentForcesATransferFromARevokedHolder() public {
        _mint(alice, 100);
        _revoke(alice);
        vm.expectEmit(true, true, false, true, address(token));
        emit ForcedTransfer(alice, bob, 60, "BVI HC 2026/0042", agent);
        vm.prank(agent);
        token.forcedTransfer(alice, bob, 60, "BVI HC 2026/0042");
        assertEq(token.balanceOf(alice), 40);
        assertEq(token.balanceOf(bob), 60);
        // The court-order bypass does not outlive the call.
        vm.expectRevert(abi.encodeWithSelector(SpaceRWAToken.RWANotVerified.selector, alice));
        vm.prank(alice);
        token.transfer(bob, 1);
    }

    function test_forcedTransferNeverReachesAnUnverifiedAddress() public {
        _mint(alice, 100);
        vm.expectRevert(abi.encodeWithSelector(SpaceRWAToken.RWANotVerified.selector, mallory));
        vm.prank(agent);
        token.forcedTransfer(alice, mallory, 1, "order");
    }

    function test_forcedTransferRejectsNonAgent() public {
        _mint(alice, 100);
        vm.expectRevert(AccessControlErrors.missingRole(issuer, token.TRANSFER_AGENT_ROLE()));
        vm.prank(issuer);
        token.forcedTransfer(alice, bob, 1, "order");
    }

    function test_forcedTransferRejectsZero() public {
        vm.expectRevert(SpaceAccess.ZeroAmount.selector);
        vm.prank(agent);
        token.forcedTransfer(alice, bob, 0, "order");
    }

    function test_forcedTransferRequiresAReference() public {
        _mint(alice, 100);
        vm.expectRevert(SpaceRWAToken.RWAEmptyReference.selector);
        vm.prank(agent);
        token.forcedTransfer(alice, bob, 1, "");
    }

    function test_transferAgentBurnsFromARevokedHolder() public {
        _mint(alice, 100);
        _revoke(alice);
        vm.expectEmit(true, false, false, true, address(token));
        emit ForcedBurn(alice, 100, "redemption 7", agent);
        vm.prank(agent);
        token.forcedBurn(alice, 100, "redemption 7");
        assertEq(token.balanceOf(alice), 0);
        assertEq(token.totalSupply(), 0);
    }

    function test_forcedBurnRejectsNonAgent() public {
        _mint(alice, 100);
        vm.expectRevert(AccessControlErrors.missingRole(alice, token.TRANSFER_AGENT_ROLE()));
        vm.prank(alice);
        token.forcedBurn(alice, 1, "order");
    }

    function test_forcedBurnRejectsZero() public {
        vm.expectRevert(SpaceAccess.ZeroAmount.selector);
        vm.prank(agent);
        token.forcedBurn(alice, 0, "order");
    }

    function test_forcedBurnRequiresAReference() public {
        _mint(alice, 100);
        vm.expectRevert(SpaceRWAToken.RWAEmptyReference.selector);
        vm.prank(agent);
        token.forcedBurn(alice, 1, "");
    }

    // ------------------------------------------------------------ dividends

    function test_dividendsAreProRata() public {
        _mint(alice, 300);
        _mint(bob, 100);
        vm.expectEmit(true, false, false, false, address(token));
        emit DividendsDistributed(issuer, 1000e18, 0);
        _distribute(1000e18);
        assertEq(token.withdrawableDividendOf(alice), 750e18);
        assertEq(token.withdrawableDividendOf(bob), 250e18);
        vm.expectEmit(true, false, false, true, address(token));
        emit DividendClaimed(alice, 750e18);
        vm.prank(alice);
        assertEq(token.claimDividend(), 750e18);
        assertEq(usds.balanceOf(alice), 750e18);
        assertEq(token.withdrawnDividendOf(alice), 750e18);
        assertEq(token.withdrawableDividendOf(alice), 0);
        assertEq(token.totalDividendsDistributed(), 1000e18);
        assertEq(token.totalDividendsClaimed(), 750e18);
    }

    function test_accruedDividendsStayWithTheEarnerAcrossTransfers() public {
        _mint(alice, 100);
        _distribute(100e18);
        vm.prank(alice);
        token.transfer(bob, 100);
        _distribute(50e18);
        assertEq(token.withdrawableDividendOf(alice), 100e18);
        assertEq(token.withdrawableDividendOf(bob), 50e18);
        assertEq(token.accumulativeDividendOf(alice), 100e18);
    }

    function test_newSharesDoNotEarnPastDividends() public {
        _mint(alice, 100);
        _distribute(100e18);
        _mint(bob, 100);
        assertEq(token.withdrawableDividendOf(bob), 0);
        _distribute(100e18);
        assertEq(token.withdrawableDividendOf(alice), 150e18);
        assertEq(token.withdrawableDividendOf(bob), 50e18);
    }

    function test_burnedSharesKeepTheirAccruedDividends() public {
        _mint(alice, 100);
        _distribute(100e18);
        vm.prank(agent);
        token.forcedBurn(alice, 100, "redemption");
        assertEq(token.withdrawableDividendOf(alice), 100e18);
    }

    function test_theRoundingRemainderIsCarriedIntoTheNextDistribution() public {
        _mint(alice, 1);
        _mint(bob, 2);
        _distribute(1); // 1 wei over 3 shares
        _distribute(2); // 3 wei in total: 1 per share exactly
        assertEq(token.withdrawableDividendOf(alice), 1);
        assertEq(token.withdrawableDividendOf(bob), 2);
    }

    function test_distributeRejectsNonIssuer() public {
        _mint(alice, 1);
        vm.expectRevert(AccessControlErrors.missingRole(alice, token.ISSUER_ROLE()));
        vm.prank(alice);
        token.distributeDividends(1);
    }

    function test_distributeRejectsZero() public {
        _mint(alice, 1);
        vm.expectRevert(SpaceAccess.ZeroAmount.selector);
        _distribute(0);
    }

    function test_distributeRejectsAnEmptyToken() public {
        vm.expectRevert(SpaceRWAToken.RWANoSupply.selector);
        _distribute(1e18);
    }

    function test_distributeRejectsAFeeOnTransferDividendToken() public {
        FeeOnTransferToken fot = new FeeOnTransferToken();
        SpaceRWAToken t = _createToken(SpaceRWAToken.AssetClass.Securities, IERC20(address(fot)));
        vm.prank(issuer);
        t.mint(alice, 1);
        fot.mint(issuer, 1000);
        vm.startPrank(issuer);
        fot.approve(address(t), 1000);
        vm.expectRevert(abi.encodeWithSelector(SpaceRWAToken.RWATransferAmountMismatch.selector, 1000, 990));
        t.distributeDividends(1000);
        vm.stopPrank();
    }

    function test_claimRequiresVerification() public {
        _mint(alice, 100);
        _distribute(100e18);
        _revoke(alice);
        vm.expectRevert(abi.encodeWithSelector(SpaceRWAToken.RWANotVerified.selector, alice));
        vm.prank(alice);
        token.claimDividend();
        _verify(alice); // re-verified: the accrued dividend is still there
        vm.prank(alice);
        assertEq(token.claimDividend(), 100e18);
    }

    function test_claimWithNothingAccruedFails() public {
        vm.expectRevert(SpaceRWAToken.RWANothingToClaim.selector);
        vm.prank(alice);
        token.claimDividend();
    }

    // ------------------------------------------------------------ documents

    function test_documentsAreVersioned() public {
        vm.expectEmit(true, true, false, true, address(token));
        emit DocumentUpdated("prospectus", 0, "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi");
        vm.startPrank(issuer);
        assertEq(token.setDocument("prospectus", "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"), 0);
        assertEq(token.setDocument("deed", "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG"), 0);
        assertEq(token.setDocument("prospectus", "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o"), 1);
        vm.stopPrank();
        assertEq(token.documentVersionCount("prospectus"), 2);
        (string memory cid, uint256 version) = token.latestDocument("prospectus");
        assertEq(cid, "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o");
        assertEq(version, 1);
        SpaceRWAToken.Document memory first = token.documentAt("prospectus", 0);
        assertEq(first.cid, "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi");
        assertEq(first.timestamp, block.timestamp);
        bytes32[] memory names = token.documentNames();
        assertEq(names.length, 2);
        assertEq(names[0], bytes32("prospectus"));
        assertEq(names[1], bytes32("deed"));
    }

    function test_unknownDocumentsAreReported() public {
        vm.expectRevert(abi.encodeWithSelector(SpaceRWAToken.RWADocumentNotFound.selector, bytes32("audit"), 0));
        token.latestDocument("audit");
        vm.prank(issuer);
        token.setDocument("audit", "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG");
        vm.expectRevert(abi.encodeWithSelector(SpaceRWAToken.RWADocumentNotFound.selector, bytes32("audit"), 1));
        token.documentAt("audit", 1);
    }

    function test_setDocumentRejectsNonIssuer() public {
        vm.expectRevert(AccessControlErrors.missingRole(agent, token.ISSUER_ROLE()));
        vm.prank(agent);
        token.setDocument("audit", "Qm");
    }

    function test_setDocumentRejectsAnEmptyName() public {
        vm.expectRevert(SpaceRWAToken.RWAInvalidDocumentName.selector);
        vm.prank(issuer);
        token.setDocument(bytes32(0), "Qm");
    }

    function test_setDocumentRejectsAnEmptyOrOversizedCid() public {
        string memory oversized = string(new bytes(token.MAX_CID_LENGTH() + 1));
        vm.startPrank(issuer);
        vm.expectRevert(SpaceRWAToken.RWAInvalidCid.selector);
        token.setDocument("audit", "");
        vm.expectRevert(SpaceRWAToken.RWAInvalidCid.selector);
        token.setDocument("audit", oversized);
        vm.stopPrank();
    }

    // ------------------------------------------------------------ fuzz

    /// Two holders receive their exact pro-rata share within one unit across a transfer (a holder may gain its share of
    /// an earlier distribution's carried sub-unit remainder), and together never more than was distributed.
    function testFuzz_dividendsAreExactUpToRounding(uint96 a, uint96 b, uint96 first, uint96 second, uint96 moved)
        public
    {
        vm.assume(a > 0 && b > 0 && first > 0 && second > 0);
        moved = uint96(bound(moved, 0, a));
        _mint(alice, a);
        _mint(bob, b);
        _distribute(first);
        if (moved > 0) {
            vm.prank(alice);
            token.transfer(bob, moved);
        }
        _distribute(second);
        uint256 total = uint256(a) + b;
        // Exact shares as rationals over `total`: alice had a then a - moved shares.
        uint256 aliceExactTimesTotal = uint256(first) * a + uint256(second) * (a - moved);
        uint256 aliceGot = token.withdrawableDividendOf(alice);
        uint256 bobGot = token.withdrawableDividendOf(bob);
        assertLe(aliceGot * total, aliceExactTimesTotal + total);
        assertLe(aliceExactTimesTotal, (aliceGot + 2) * total);
        assertLe(aliceGot + bobGot, uint256(first) + second);
        assertGe(aliceGot + bobGot + 2, uint256(first) + second);
    }
}
