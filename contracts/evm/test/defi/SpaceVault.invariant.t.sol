// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

import {Test} from "forge-std/Test.sol";
import {SpaceParameters} from "spaceos-params/SpaceParameters.sol";
import {SpaceVault} from "../../src/defi/SpaceVault.sol";
import {MockERC20} from "./mocks/MockTokens.sol";

/// Drives random deposits, borrows, repayments and withdrawals by several users in an 18-dp and a 6-dp asset.
/// Amounts are drawn well beyond what the vault allows, so the vault's own checks are what keeps the invariants.
contract VaultHandler is Test {
    uint256 internal constant BPS = SpaceParameters.BPS_DENOMINATOR;
    uint256 internal constant LTV = SpaceParameters.VAULT_LTV_BPS;

    SpaceVault public immutable vault;
    MockERC20[] public assets;
    address[] public actors;
    /// Set when a borrow or withdrawal succeeded beyond the limit this handler computes on its own.
    bool public overreach;
    uint256 public successfulBorrows;
    uint256 public successfulWithdrawals;

    constructor(SpaceVault vault_, MockERC20[] memory assets_, address[] memory actors_) {
        vault = vault_;
        assets = assets_;
        actors = actors_;
        for (uint256 i = 0; i < actors_.length; ++i) {
            for (uint256 j = 0; j < assets_.length; ++j) {
                assets_[j].mint(actors_[i], 1e30);
                vm.prank(actors_[i]);
                assets_[j].approve(address(vault_), type(uint256).max);
            }
        }
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function assetCount() external view returns (uint256) {
        return assets.length;
    }

    function deposit(uint256 actorSeed, uint256 assetSeed, uint256 amount) external {
        (address actor, address asset) = _pick(actorSeed, assetSeed);
        amount = bound(amount, 0, 1e24);
        vm.prank(actor);
        try vault.deposit(asset, amount) {} catch {}
    }

    function borrow(uint256 actorSeed, uint256 assetSeed, uint256 amount) external {
        (address actor, address asset) = _pick(actorSeed, assetSeed);
        SpaceVault.Position memory p = vault.positionOf(actor, asset);
        amount = bound(amount, 0, p.deposit + 1e6);
        vm.prank(actor);
        try vault.borrow(asset, amount) {
            successfulBorrows++;
            // Independent bound: the new debt must be <= 95 % of the user's own deposit.
            if ((p.debt + amount) * BPS > p.deposit * LTV) overreach = true;
        } catch {}
    }

    function repay(uint256 actorSeed, uint256 assetSeed, uint256 amount) external {
        (address actor, address asset) = _pick(actorSeed, assetSeed);
        amount = bound(amount, 0, vault.positionOf(actor, asset).debt + 1);
        vm.prank(actor);
        try vault.repay(asset, amount) {} catch {}
    }

    function withdraw(uint256 actorSeed, uint256 assetSeed, uint256 amount) external {
        (address actor, address asset) = _pick(actorSeed, assetSeed);
        SpaceVault.Position memory p = vault.positionOf(actor, asset);
        amount = bound(amount, 0, p.deposit + 1e6);
        vm.prank(actor);
        try vault.withdraw(asset, amount) {
            successfulWithdrawals++;
            if (amount > p.deposit || p.debt * BPS > (p.deposit - amount) * LTV) overreach = true;
        } catch {}
    }

    function _pick(uint256 actorSeed, uint256 assetSeed) internal view returns (address, address) {
        return (actors[actorSeed % actors.length], address(assets[assetSeed % assets.length]));
    }
}

/// Invariants of SpaceVault (white paper §10.1): no user borrows or withdraws beyond 95 % of their own deposit, and
/// the vault's token balance always equals deposits − loans (the fee leaves with the disbursement).
contract SpaceVaultInvariantTest is Test {
    uint256 internal constant BPS = SpaceParameters.BPS_DENOMINATOR;
    uint256 internal constant LTV = SpaceParameters.VAULT_LTV_BPS;

    SpaceVault internal vault;
    VaultHandler internal handler;
    address internal feeRecipient = makeAddr("feeRecipient");

    function setUp() public {
        MockERC20[] memory assets = new MockERC20[](2);
        assets[0] = new MockERC20("USD.s", "USD.s", 18);
        assets[1] = new MockERC20("USDC.s", "USDC.s", 6);
        address[] memory listed = new address[](2);
        listed[0] = address(assets[0]);
        listed[1] = address(assets[1]);
        vault = new SpaceVault(makeAddr("admin"), feeRecipient, listed);
        address[] memory actors = new address[](3);
        actors[0] = makeAddr("alice");
        actors[1] = makeAddr("bob");
        actors[2] = makeAddr("carol");
        handler = new VaultHandler(vault, assets, actors);
        targetContract(address(handler));
    }

    /// The handler is not vacuous: its borrows and withdrawals do succeed within the limit, and over-limit ones fail.
    function test_handlerBorrowsAndWithdrawsWithinTheLimit() public {
        handler.deposit(0, 0, 1000e18);
        handler.borrow(0, 0, 900e18);
        handler.withdraw(0, 0, 1e18);
        assertEq(handler.successfulBorrows(), 1);
        assertEq(handler.successfulWithdrawals(), 1);
        handler.borrow(0, 0, 999e18); // debt would exceed 95 % of the 999e18 deposit: rejected
        assertEq(handler.successfulBorrows(), 1);
        assertFalse(handler.overreach());
    }

    /// All vault invariants in one campaign (forge runs one campaign per invariant function; one keeps CI fast).
    function invariant_vaultNeverLendsBeyondOwnDepositsAndStaysBacked() public view {
        _checkNoSuccessfulCallGoesBeyondTheOwnDeposit();
        _checkEveryPositionKeepsDebtWithinTheLtv();
        _checkBalanceEqualsDepositsMinusLoans();
        _checkTotalsAreTheSumOfPositions();
        _checkEveryFeeReachesTheFeeRecipient();
    }

    function _checkNoSuccessfulCallGoesBeyondTheOwnDeposit() internal view {
        assertFalse(handler.overreach(), "a borrow or withdrawal exceeded 95% of the user's own deposit");
    }

    function _checkEveryPositionKeepsDebtWithinTheLtv() internal view {
        for (uint256 i = 0; i < handler.actorCount(); ++i) {
            for (uint256 j = 0; j < handler.assetCount(); ++j) {
                SpaceVault.Position memory p = vault.positionOf(handler.actors(i), address(handler.assets(j)));
                assertLe(p.debt * BPS, p.deposit * LTV);
            }
        }
    }

    function _checkBalanceEqualsDepositsMinusLoans() internal view {
        for (uint256 j = 0; j < handler.assetCount(); ++j) {
            address asset = address(handler.assets(j));
            assertEq(
                MockERC20(asset).balanceOf(address(vault)), vault.totalDeposits(asset) - vault.totalDebt(asset)
            );
        }
    }

    function _checkTotalsAreTheSumOfPositions() internal view {
        for (uint256 j = 0; j < handler.assetCount(); ++j) {
            address asset = address(handler.assets(j));
            uint256 deposits;
            uint256 debts;
            for (uint256 i = 0; i < handler.actorCount(); ++i) {
                SpaceVault.Position memory p = vault.positionOf(handler.actors(i), asset);
                deposits += p.deposit;
                debts += p.debt;
            }
            assertEq(vault.totalDeposits(asset), deposits);
            assertEq(vault.totalDebt(asset), debts);
        }
    }

    function _checkEveryFeeReachesTheFeeRecipient() internal view {
        for (uint256 j = 0; j < handler.assetCount(); ++j) {
            address asset = address(handler.assets(j));
            assertEq(MockERC20(asset).balanceOf(feeRecipient), vault.totalFeesPaid(asset));
        }
    }
}
