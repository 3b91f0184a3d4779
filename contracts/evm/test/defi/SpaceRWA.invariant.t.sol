// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

import {Test} from "forge-std/Test.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SpaceIdentityRegistry} from "../../src/defi/SpaceIdentityRegistry.sol";
import {SpaceRWAFactory} from "../../src/defi/SpaceRWAFactory.sol";
import {SpaceRWAToken} from "../../src/defi/SpaceRWAToken.sol";
import {MockERC20} from "./mocks/MockTokens.sol";

/// Drives mints, transfers, court orders, dividend distributions and claims, and KYC revocations (each followed by
/// the compliance procedure: the transfer agent recovers the revoked holder's tokens) and re-verifications.
contract RWAHandler is Test {
    SpaceRWAToken public immutable token;
    SpaceIdentityRegistry public immutable registry;
    MockERC20 public immutable usds;
    address public immutable issuer;
    address public immutable agent;
    address public immutable verifier;
    address[] public actors;
    uint256 public claimedByActors;
    uint256 public successfulMoves;

    constructor(
        SpaceRWAToken token_,
        SpaceIdentityRegistry registry_,
        MockERC20 usds_,
        address issuer_,
        address agent_,
        address verifier_,
        address[] memory actors_
    ) {
        token = token_;
        registry = registry_;
        usds = usds_;
        issuer = issuer_;
        agent = agent_;
        verifier = verifier_;
        actors = actors_;
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function mint(uint256 toSeed, uint256 amount) external {
        amount = bound(amount, 0, 1e24);
        vm.prank(issuer);
        try token.mint(_actor(toSeed), amount) {
            successfulMoves++;
        } catch {}
    }

    function transfer(uint256 fromSeed, uint256 toSeed, uint256 amount) external {
        address from = _actor(fromSeed);
        amount = bound(amount, 0, token.balanceOf(from));
        vm.prank(from);
        try token.transfer(_actor(toSeed), amount) {
            successfulMoves++;
        } catch {}
    }

    function forcedTransfer(uint256 fromSeed, uint256 toSeed, uint256 amount) external {
        address from = _actor(fromSeed);
        amount = bound(amount, 0, token.balanceOf(from));
        vm.prank(agent);
        try token.forcedTransfer(from, _actor(toSeed), amount, "order") {
            successfulMoves++;
        } catch {}
    }

    function forcedBurn(uint256 fromSeed, uint256 amount) external {
        address from = _actor(fromSeed);
        amount = bound(amount, 0, token.balanceOf(from));
        vm.prank(agent);
        try token.forcedBurn(from, amount, "redemption") {} catch {}
    }

    function distribute(uint256 amount) external {
        amount = bound(amount, 0, 1e24);
        vm.prank(issuer);
        try token.distributeDividends(amount) {} catch {}
    }

    function claim(uint256 seed) external {
        address account = _actor(seed);
        vm.prank(account);
        try token.claimDividend() returns (uint256 amount) {
            claimedByActors += amount;
        } catch {}
    }

    /// Revokes a holder's KYC and runs the compliance procedure: recover its tokens to a verified holder, or burn
    /// them when nobody verified is left.
    function revokeAndRecover(uint256 seed, uint256 toSeed) external {
        address account = _actor(seed);
        if (!registry.isVerified(account)) return;
        vm.prank(verifier);
        registry.revokeIdentity(account, "aml");
        uint256 balance = token.balanceOf(account);
        if (balance == 0) return;
        for (uint256 i = 0; i < actors.length; ++i) {
            address to = _actor(toSeed % actors.length + i);
            if (registry.isVerified(to)) {
                vm.prank(agent);
                token.forcedTransfer(account, to, balance, "court order");
                return;
            }
        }
        vm.prank(agent);
        token.forcedBurn(account, balance, "court order");
    }

    function reverify(uint256 seed) external {
        address account = _actor(seed);
        if (account == actors[0]) return; // actors[0] is never verified
        vm.prank(verifier);
        registry.setIdentity(account, SpaceIdentityRegistry.KycLevel.Retail, "KY", type(uint64).max);
    }

    function _actor(uint256 seed) internal view returns (address) {
        return actors[seed % actors.length];
    }
}

/// Invariants of the RWA token (white paper §10.3): no non-verified address ever holds a balance, and dividends are
/// conserved (sum claimed <= sum distributed; the token holds exactly what is unclaimed).
contract SpaceRWAInvariantTest is Test {
    SpaceRWAToken internal token;
    SpaceIdentityRegistry internal registry;
    MockERC20 internal usds;
    RWAHandler internal handler;

    function setUp() public {
        address admin = makeAddr("admin");
        address verifier = makeAddr("verifier");
        address issuer = makeAddr("issuer");
        address agent = makeAddr("agent");
        registry = new SpaceIdentityRegistry(admin, verifier);
        SpaceRWAFactory factory = new SpaceRWAFactory(admin, registry);
        usds = new MockERC20("USD.s", "USD.s", 18);
        vm.prank(admin);
        token = factory.createToken(
            SpaceRWAFactory.TokenConfig({
                name: "Gold Bar Trust",
                symbol: "GBT",
                decimals: 18,
                assetClass: SpaceRWAToken.AssetClass.Commodities,
                dividendToken: IERC20(address(usds)),
                admin: issuer,
                transferAgent: agent
            })
        );
        address[] memory actors = new address[](4);
        actors[0] = makeAddr("unverified");
        actors[1] = makeAddr("alice");
        actors[2] = makeAddr("bob");
        actors[3] = makeAddr("carol");
        for (uint256 i = 1; i < actors.length; ++i) {
            vm.prank(verifier);
            registry.setIdentity(actors[i], SpaceIdentityRegistry.KycLevel.Accredited, "VG", type(uint64).max);
        }
        usds.mint(issuer, 1e40);
        vm.prank(issuer);
        usds.approve(address(token), type(uint256).max);
        handler = new RWAHandler(token, registry, usds, issuer, agent, verifier, actors);
        targetContract(address(handler));
    }

    /// The handler is not vacuous: mints and transfers between verified holders succeed, to the unverified they fail.
    function test_handlerMovesTokensOnlyBetweenVerifiedHolders() public {
        handler.mint(1, 100e18);
        handler.transfer(1, 2, 40e18);
        assertEq(handler.successfulMoves(), 2);
        handler.transfer(1, 0, 10e18); // actors[0] is unverified
        handler.mint(0, 10e18);
        assertEq(handler.successfulMoves(), 2);
        handler.distribute(1e18);
        handler.claim(1);
        assertGt(handler.claimedByActors(), 0);
    }

    /// All RWA invariants in one campaign (forge runs one campaign per invariant function; one keeps CI fast).
    function invariant_onlyVerifiedHoldersAndDividendsConserved() public view {
        _checkNoUnverifiedAddressHoldsABalance();
        _checkSumClaimedNeverExceedsSumDistributed();
        _checkTokenHoldsExactlyTheUnclaimedDividends();
        _checkClaimableIsUnclaimedUpToDust();
    }

    function _checkNoUnverifiedAddressHoldsABalance() internal view {
        for (uint256 i = 0; i < handler.actorCount(); ++i) {
            address account = handler.actors(i);
            if (!registry.isVerified(account)) assertEq(token.balanceOf(account), 0);
        }
    }

    function _checkSumClaimedNeverExceedsSumDistributed() internal view {
        assertLe(token.totalDividendsClaimed(), token.totalDividendsDistributed());
        assertEq(token.totalDividendsClaimed(), handler.claimedByActors());
    }

    function _checkTokenHoldsExactlyTheUnclaimedDividends() internal view {
        assertEq(usds.balanceOf(address(token)), token.totalDividendsDistributed() - token.totalDividendsClaimed());
    }

    /// What holders can still claim never exceeds what is unclaimed, and the rounding dust is below one unit per
    /// holder (plus one for the carried remainder).
    function _checkClaimableIsUnclaimedUpToDust() internal view {
        uint256 claimable;
        for (uint256 i = 0; i < handler.actorCount(); ++i) {
            claimable += token.withdrawableDividendOf(handler.actors(i));
        }
        uint256 unclaimed = token.totalDividendsDistributed() - token.totalDividendsClaimed();
        assertLe(claimable, unclaimed);
        assertLe(unclaimed - claimable, handler.actorCount() + 1);
    }
}
