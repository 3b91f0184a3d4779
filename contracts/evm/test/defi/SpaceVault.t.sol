// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

import {Test} from "forge-std/Test.sol";
import {SpaceAccess} from "../../src/common/SpaceAccess.sol";
import {AccessControlErrors} from "./utils/AccessControlErrors.sol";
import {SpaceParameters} from "spaceos-params/SpaceParameters.sol";
import {SpaceVault} from "../../src/defi/SpaceVault.sol";
import {MockERC20, FeeOnTransferToken} from "./mocks/MockTokens.sol";

/// Unit and fuzz tests of SpaceVault (white paper §10.1).
contract SpaceVaultTest is Test {
    SpaceVault internal vault;
    MockERC20 internal usds; // 18 dp
    MockERC20 internal usdts; // 6 dp
    address internal admin = makeAddr("admin");
    address internal feeRecipient = makeAddr("feeRecipient");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    uint256 internal constant BPS = SpaceParameters.BPS_DENOMINATOR;
    uint256 internal constant LTV = SpaceParameters.VAULT_LTV_BPS;
    uint256 internal constant FEE = SpaceParameters.VAULT_ORIGINATION_FEE_BPS;

    event AssetSupportSet(address indexed asset, bool supported);
    event FeeRecipientSet(address indexed previous, address indexed current);
    event Deposited(address indexed user, address indexed asset, uint256 amount);
    event Withdrawn(address indexed user, address indexed asset, uint256 amount);
    event Borrowed(address indexed user, address indexed asset, uint256 amount, uint256 fee, uint256 disbursed);
    event Repaid(address indexed user, address indexed asset, uint256 amount);

    function setUp() public {
        usds = new MockERC20("USD.s", "USD.s", 18);
        usdts = new MockERC20("USDT.s", "USDT.s", 6);
        address[] memory assets = new address[](2);
        assets[0] = address(usds);
        assets[1] = address(usdts);
        vault = new SpaceVault(admin, feeRecipient, assets);
        for (uint256 i = 0; i < 2; ++i) {
            address user = i == 0 ? alice : bob;
            usds.mint(user, 1e30);
            usdts.mint(user, 1e18);
            vm.startPrank(user);
            usds.approve(address(vault), type(uint256).max);
            usdts.approve(address(vault), type(uint256).max);
            vm.stopPrank();
        }
    }

    function _deposit(address user, MockERC20 token, uint256 amount) internal {
        vm.prank(user);
        vault.deposit(address(token), amount);
    }

    // ------------------------------------------------------------ constructor and admin

    function test_constructorGrantsRolesAndListsAssets() public view {
        assertTrue(vault.hasRole(vault.DEFAULT_ADMIN_ROLE(), admin));
        assertTrue(vault.hasRole(vault.VAULT_ADMIN_ROLE(), admin));
        assertEq(vault.feeRecipient(), feeRecipient);
        assertTrue(vault.isSupportedAsset(address(usds)));
        assertTrue(vault.isSupportedAsset(address(usdts)));
        assertEq(vault.LTV_BPS(), SpaceParameters.VAULT_LTV_BPS);
        assertEq(vault.ORIGINATION_FEE_BPS(), SpaceParameters.VAULT_ORIGINATION_FEE_BPS);
        assertEq(vault.BPS_DENOMINATOR(), SpaceParameters.BPS_DENOMINATOR);
    }

    function test_constructorRejectsZeroAdmin() public {
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        new SpaceVault(address(0), feeRecipient, new address[](0));
    }

    function test_constructorRejectsZeroFeeRecipient() public {
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        new SpaceVault(admin, address(0), new address[](0));
    }

    function test_constructorRejectsZeroAsset() public {
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        new SpaceVault(admin, feeRecipient, new address[](1));
    }

    function test_adminListsAndDelistsAnAsset() public {
        MockERC20 other = new MockERC20("X", "X", 18);
        vm.expectEmit(true, false, false, true, address(vault));
        emit AssetSupportSet(address(other), true);
        vm.prank(admin);
        vault.setAssetSupported(address(other), true);
        assertTrue(vault.isSupportedAsset(address(other)));
        vm.prank(admin);
        vault.setAssetSupported(address(other), false);
        assertFalse(vault.isSupportedAsset(address(other)));
    }

    function test_setAssetSupportedRejectsNonAdmin() public {
        vm.expectRevert(AccessControlErrors.missingRole(alice, vault.VAULT_ADMIN_ROLE()));
        vm.prank(alice);
        vault.setAssetSupported(address(usds), false);
    }

    function test_setAssetSupportedRejectsZeroAsset() public {
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        vm.prank(admin);
        vault.setAssetSupported(address(0), true);
    }

    function test_adminSetsFeeRecipient() public {
        vm.expectEmit(true, true, false, false, address(vault));
        emit FeeRecipientSet(feeRecipient, bob);
        vm.prank(admin);
        vault.setFeeRecipient(bob);
        assertEq(vault.feeRecipient(), bob);
    }

    function test_setFeeRecipientRejectsNonAdmin() public {
        vm.expectRevert(AccessControlErrors.missingRole(alice, vault.VAULT_ADMIN_ROLE()));
        vm.prank(alice);
        vault.setFeeRecipient(alice);
    }

    function test_setFeeRecipientRejectsZero() public {
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        vm.prank(admin);
        vault.setFeeRecipient(address(0));
    }

    function test_pauseAndUnpauseRequireAdmin() public {
        vm.expectRevert(AccessControlErrors.missingRole(alice, vault.VAULT_ADMIN_ROLE()));
        vm.prank(alice);
        vault.pause();
        vm.prank(admin);
        vault.pause();
        assertTrue(vault.paused());
        vm.expectRevert(AccessControlErrors.missingRole(alice, vault.VAULT_ADMIN_ROLE()));
        vm.prank(alice);
        vault.unpause();
        vm.prank(admin);
        vault.unpause();
        assertFalse(vault.paused());
    }

    // ------------------------------------------------------------ deposit

    function test_depositRecordsThePositionAndEmits() public {
        vm.expectEmit(true, true, false, true, address(vault));
        emit Deposited(alice, address(usds), 100e18);
        _deposit(alice, usds, 100e18);
        SpaceVault.Position memory p = vault.positionOf(alice, address(usds));
        assertEq(p.deposit, 100e18);
        assertEq(p.debt, 0);
        assertEq(vault.totalDeposits(address(usds)), 100e18);
        assertEq(usds.balanceOf(address(vault)), 100e18);
    }

    function test_depositRejectsZero() public {
        vm.expectRevert(SpaceAccess.ZeroAmount.selector);
        _deposit(alice, usds, 0);
    }

    function test_depositRejectsUnsupportedAsset() public {
        MockERC20 other = new MockERC20("X", "X", 18);
        vm.expectRevert(abi.encodeWithSelector(SpaceVault.VaultAssetNotSupported.selector, address(other)));
        vm.prank(alice);
        vault.deposit(address(other), 1);
    }

    function test_depositRejectsWhilePaused() public {
        vm.prank(admin);
        vault.pause();
        vm.expectRevert(SpaceVault.VaultPaused.selector);
        _deposit(alice, usds, 1e18);
    }

    function test_depositRejectsFeeOnTransferToken() public {
        FeeOnTransferToken fot = new FeeOnTransferToken();
        vm.prank(admin);
        vault.setAssetSupported(address(fot), true);
        fot.mint(alice, 1000);
        vm.startPrank(alice);
        fot.approve(address(vault), 1000);
        vm.expectRevert(abi.encodeWithSelector(SpaceVault.VaultTransferAmountMismatch.selector, 1000, 990));
        vault.deposit(address(fot), 1000);
        vm.stopPrank();
    }

    // ------------------------------------------------------------ borrow

    function test_borrowDeductsTheFeeFromTheDisbursement() public {
        _deposit(alice, usds, 1000e18);
        uint256 before = usds.balanceOf(alice);
        uint256 fee = 950e18 * FEE / BPS; // exact for this amount
        vm.expectEmit(true, true, false, true, address(vault));
        emit Borrowed(alice, address(usds), 950e18, fee, 950e18 - fee);
        vm.prank(alice);
        uint256 disbursed = vault.borrow(address(usds), 950e18);
        assertEq(disbursed, 950e18 - fee);
        assertEq(usds.balanceOf(alice) - before, 950e18 - fee);
        assertEq(usds.balanceOf(feeRecipient), fee);
        assertEq(vault.positionOf(alice, address(usds)).debt, 950e18);
        assertEq(vault.totalDebt(address(usds)), 950e18);
        assertEq(vault.totalFeesPaid(address(usds)), fee);
        assertEq(usds.balanceOf(address(vault)), 50e18);
        assertEq(vault.maxBorrow(alice, address(usds)), 0);
    }

    function test_borrowRejectsBeyondTheLtv() public {
        _deposit(alice, usds, 1000e18);
        vm.expectRevert(abi.encodeWithSelector(SpaceVault.VaultBorrowExceedsLtv.selector, 950e18 + 1, 950e18));
        vm.prank(alice);
        vault.borrow(address(usds), 950e18 + 1);
    }

    function test_borrowCannotUseAnotherUsersDeposit() public {
        _deposit(bob, usds, 1000e18);
        vm.expectRevert(abi.encodeWithSelector(SpaceVault.VaultBorrowExceedsLtv.selector, 1e18, 0));
        vm.prank(alice);
        vault.borrow(address(usds), 1e18);
    }

    function test_borrowCannotUseADepositInAnotherAsset() public {
        _deposit(alice, usds, 1000e18);
        vm.expectRevert(abi.encodeWithSelector(SpaceVault.VaultBorrowExceedsLtv.selector, 1e6, 0));
        vm.prank(alice);
        vault.borrow(address(usdts), 1e6);
    }

    function test_borrowRejectsZero() public {
        vm.expectRevert(SpaceAccess.ZeroAmount.selector);
        vm.prank(alice);
        vault.borrow(address(usds), 0);
    }

    function test_borrowRejectsUnsupportedAsset() public {
        _deposit(alice, usds, 1000e18);
        vm.prank(admin);
        vault.setAssetSupported(address(usds), false);
        vm.expectRevert(abi.encodeWithSelector(SpaceVault.VaultAssetNotSupported.selector, address(usds)));
        vm.prank(alice);
        vault.borrow(address(usds), 1e18);
    }

    function test_borrowRejectsWhilePaused() public {
        _deposit(alice, usds, 1000e18);
        vm.prank(admin);
        vault.pause();
        vm.expectRevert(SpaceVault.VaultPaused.selector);
        vm.prank(alice);
        vault.borrow(address(usds), 1e18);
    }

    function test_borrowRejectsAnAmountTheFeeWouldConsume() public {
        _deposit(alice, usdts, 100);
        // 1 unit: fee rounds up to 1, nothing would be disbursed.
        vm.expectRevert(abi.encodeWithSelector(SpaceVault.VaultBorrowBelowFee.selector, 1, 1));
        vm.prank(alice);
        vault.borrow(address(usdts), 1);
    }

    function test_sixDecimalAssetsBorrowWithTheFeeRoundedUp() public {
        _deposit(alice, usdts, 1000e6);
        vm.prank(alice);
        uint256 disbursed = vault.borrow(address(usdts), 333);
        // 333 * 50 / 10000 = 1.665 -> 2
        assertEq(disbursed, 331);
        assertEq(usdts.balanceOf(feeRecipient), 2);
    }

    // ------------------------------------------------------------ repay

    function test_repayReducesTheDebt() public {
        _deposit(alice, usds, 1000e18);
        vm.startPrank(alice);
        vault.borrow(address(usds), 500e18);
        vm.expectEmit(true, true, false, true, address(vault));
        emit Repaid(alice, address(usds), 200e18);
        vault.repay(address(usds), 200e18);
        vm.stopPrank();
        assertEq(vault.positionOf(alice, address(usds)).debt, 300e18);
        assertEq(vault.totalDebt(address(usds)), 300e18);
    }

    function test_repayRejectsZero() public {
        vm.expectRevert(SpaceAccess.ZeroAmount.selector);
        vm.prank(alice);
        vault.repay(address(usds), 0);
    }

    function test_repayRejectsMoreThanTheDebt() public {
        _deposit(alice, usds, 1000e18);
        vm.startPrank(alice);
        vault.borrow(address(usds), 100e18);
        vm.expectRevert(abi.encodeWithSelector(SpaceVault.VaultRepayExceedsDebt.selector, 100e18 + 1, 100e18));
        vault.repay(address(usds), 100e18 + 1);
        vm.stopPrank();
    }

    function test_repayAndWithdrawWorkWhilePausedAndDelisted() public {
        _deposit(alice, usds, 1000e18);
        vm.prank(alice);
        vault.borrow(address(usds), 500e18);
        vm.startPrank(admin);
        vault.pause();
        vault.setAssetSupported(address(usds), false);
        vm.stopPrank();
        vm.startPrank(alice);
        vault.repay(address(usds), 500e18);
        vault.withdraw(address(usds), 1000e18);
        vm.stopPrank();
        SpaceVault.Position memory p = vault.positionOf(alice, address(usds));
        assertEq(p.deposit, 0);
        assertEq(p.debt, 0);
        assertEq(usds.balanceOf(address(vault)), 0);
    }

    // ------------------------------------------------------------ withdraw

    function test_withdrawReturnsTheDeposit() public {
        _deposit(alice, usds, 1000e18);
        uint256 before = usds.balanceOf(alice);
        vm.expectEmit(true, true, false, true, address(vault));
        emit Withdrawn(alice, address(usds), 400e18);
        vm.prank(alice);
        vault.withdraw(address(usds), 400e18);
        assertEq(usds.balanceOf(alice) - before, 400e18);
        assertEq(vault.positionOf(alice, address(usds)).deposit, 600e18);
        assertEq(vault.totalDeposits(address(usds)), 600e18);
    }

    function test_withdrawStopsWhereTheDebtStillFitsTheLtv() public {
        _deposit(alice, usds, 1000e18);
        vm.startPrank(alice);
        vault.borrow(address(usds), 475e18); // needs 500e18 of deposit
        assertEq(vault.maxWithdraw(alice, address(usds)), 500e18);
        vm.expectRevert(abi.encodeWithSelector(SpaceVault.VaultWithdrawExceedsLtv.selector, 500e18 + 1, 500e18));
        vault.withdraw(address(usds), 500e18 + 1);
        vault.withdraw(address(usds), 500e18);
        vm.stopPrank();
        assertEq(vault.maxWithdraw(alice, address(usds)), 0);
    }

    function test_withdrawRejectsZero() public {
        vm.expectRevert(SpaceAccess.ZeroAmount.selector);
        vm.prank(alice);
        vault.withdraw(address(usds), 0);
    }

    function test_withdrawRejectsMoreThanTheDeposit() public {
        _deposit(alice, usds, 10e18);
        vm.expectRevert(abi.encodeWithSelector(SpaceVault.VaultWithdrawExceedsLtv.selector, 10e18 + 1, 10e18));
        vm.prank(alice);
        vault.withdraw(address(usds), 10e18 + 1);
    }

    // ------------------------------------------------------------ fuzz

    /// A borrow succeeds exactly up to 95 % of the caller's own deposit, and the fee is 0.5 % rounded up.
    function testFuzz_borrowIsBoundedByTheOwnDeposit(uint256 deposited, uint256 amount) public {
        deposited = bound(deposited, 1, 1e27);
        amount = bound(amount, 1, 1e27);
        _deposit(alice, usds, deposited);
        uint256 limit = deposited * LTV / BPS;
        uint256 fee = (amount * FEE + BPS - 1) / BPS;
        vm.prank(alice);
        if (amount > limit) {
            vm.expectRevert(abi.encodeWithSelector(SpaceVault.VaultBorrowExceedsLtv.selector, amount, limit));
            vault.borrow(address(usds), amount);
        } else if (fee >= amount) {
            vm.expectRevert(abi.encodeWithSelector(SpaceVault.VaultBorrowBelowFee.selector, amount, fee));
            vault.borrow(address(usds), amount);
        } else {
            uint256 disbursed = vault.borrow(address(usds), amount);
            assertEq(disbursed, amount - fee);
            assertEq(usds.balanceOf(feeRecipient), fee);
            SpaceVault.Position memory p = vault.positionOf(alice, address(usds));
            assertLe(p.debt * BPS, p.deposit * LTV);
        }
    }

    /// After any borrow, the largest withdrawal still leaves debt <= 95 % of the deposit, and one unit more fails.
    function testFuzz_withdrawKeepsTheLtv(uint256 deposited, uint256 borrowShare) public {
        deposited = bound(deposited, 1000, 1e27);
        _deposit(alice, usds, deposited);
        uint256 amount = bound(borrowShare, 200, deposited * LTV / BPS);
        vm.startPrank(alice);
        vault.borrow(address(usds), amount);
        uint256 max = vault.maxWithdraw(alice, address(usds));
        if (max < deposited) {
            vm.expectRevert(abi.encodeWithSelector(SpaceVault.VaultWithdrawExceedsLtv.selector, max + 1, max));
            vault.withdraw(address(usds), max + 1);
        }
        if (max > 0) vault.withdraw(address(usds), max);
        vm.stopPrank();
        SpaceVault.Position memory p = vault.positionOf(alice, address(usds));
        assertLe(p.debt * BPS, p.deposit * LTV);
        assertEq(usds.balanceOf(address(vault)), vault.totalDeposits(address(usds)) - vault.totalDebt(address(usds)));
    }

    /// The fee is the smallest amount >= 0.5 % of the borrow.
    function testFuzz_originationFeeRoundsUp(uint256 amount) public view {
        amount = bound(amount, 0, type(uint128).max);
        uint256 fee = vault.originationFee(amount);
        assertGe(fee * BPS, amount * FEE);
        if (fee > 0) assertLt((fee - 1) * BPS, amount * FEE);
    }
}
