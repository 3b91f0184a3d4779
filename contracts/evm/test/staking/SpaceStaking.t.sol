// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

import {Test} from "forge-std/Test.sol";
import {SpaceAccess} from "../../src/common/SpaceAccess.sol";
import {SpacePausable} from "../../src/common/SpacePausable.sol";
import {SpaceStaking} from "../../src/staking/SpaceStaking.sol";
import {RejectsSpace} from "../utils/Actors.sol";

contract SpaceStakingTest is Test {
    address internal admin = makeAddr("admin");
    address internal alice = makeAddr("alice");
    SpaceStaking internal st;

    function setUp() public {
        vm.warp(1_800_000_000);
        st = new SpaceStaking(admin);
        vm.deal(alice, 1_000_000 ether);
        vm.deal(admin, 1_000_000 ether);
        vm.prank(admin);
        st.fundRewards{value: 100_000 ether}();
    }

    function _unauthorized(address who) internal view returns (bytes memory) {
        return abi.encodeWithSelector(SpaceAccess.AccessControlUnauthorized.selector, who, st.DEFAULT_ADMIN_ROLE());
    }

    function test_constructorRejectsZeroAdmin() public {
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        new SpaceStaking(address(0));
    }

    function test_stakeEarnsTwelveAndAHalfPercentAYear() public {
        vm.prank(alice);
        st.stake{value: 1000 ether}();
        assertEq(st.totalStaked(), 1000 ether);
        vm.warp(block.timestamp + 365 days);
        assertEq(st.pendingRewards(alice), 125 ether);
        vm.prank(alice);
        st.claimRewards();
        assertEq(alice.balance, 1_000_000 ether - 1000 ether + 125 ether);
        assertEq(st.rewardPool(), 100_000 ether - 125 ether);
        assertEq(st.pendingRewards(alice), 0);
    }

    function test_unstakeWaitsSevenDaysAndStopsEarning() public {
        vm.prank(alice);
        st.stake{value: 1000 ether}();
        vm.prank(alice);
        st.requestUnstake(400 ether);
        (uint256 staked,,, uint256 unstaking, uint256 unlockAt) = st.positions(alice);
        assertEq(staked, 600 ether);
        assertEq(unstaking, 400 ether);
        assertEq(unlockAt, block.timestamp + 7 days);
        assertEq(st.totalUnstaking(), 400 ether);
        vm.warp(unlockAt - 1);
        vm.expectRevert(abi.encodeWithSelector(SpaceStaking.UnstakeLocked.selector, unlockAt));
        vm.prank(alice);
        st.withdraw();
        vm.warp(unlockAt);
        uint256 before = alice.balance;
        vm.prank(alice);
        st.withdraw();
        assertEq(alice.balance - before, 400 ether);
        assertEq(st.totalUnstaking(), 0);
        // Rewards over the 7 days came from 600 only.
        uint256 remaining = 600 ether;
        assertEq(st.pendingRewards(alice), (remaining * 1250 * 7 days) / (10_000 * 365 days));
    }

    function test_revertPaths() public {
        vm.startPrank(alice);
        vm.expectRevert(SpaceAccess.ZeroAmount.selector);
        st.stake();
        vm.expectRevert(SpaceAccess.ZeroAmount.selector);
        st.requestUnstake(0);
        vm.expectRevert(abi.encodeWithSelector(SpaceStaking.InsufficientStake.selector, 1, 0));
        st.requestUnstake(1);
        vm.expectRevert(abi.encodeWithSelector(SpaceStaking.UnstakeLocked.selector, 0));
        st.withdraw();
        vm.expectRevert(SpaceStaking.NothingToClaim.selector);
        st.claimRewards();
        vm.expectRevert(SpaceAccess.ZeroAmount.selector);
        st.fundRewards();
        vm.stopPrank();
    }

    function test_claimRevertsWhenThePoolIsShort() public {
        vm.prank(admin);
        st.defundRewards(payable(admin), 100_000 ether - 1 ether);
        vm.prank(alice);
        st.stake{value: 100 ether}();
        vm.warp(block.timestamp + 365 days);
        vm.expectRevert(abi.encodeWithSelector(SpaceStaking.RewardPoolInsufficient.selector, 12.5 ether, 1 ether));
        vm.prank(alice);
        st.claimRewards();
    }

    function test_defundIsAdminOnlyAndBounded() public {
        vm.expectRevert(_unauthorized(alice));
        vm.prank(alice);
        st.defundRewards(payable(alice), 1);
        vm.startPrank(admin);
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        st.defundRewards(payable(address(0)), 1);
        vm.expectRevert(
            abi.encodeWithSelector(SpaceStaking.RewardPoolInsufficient.selector, 100_001 ether, 100_000 ether)
        );
        st.defundRewards(payable(admin), 100_001 ether);
        vm.stopPrank();
        RejectsSpace r = new RejectsSpace();
        vm.expectRevert(abi.encodeWithSelector(SpaceStaking.TransferFailed.selector, address(r), 1));
        vm.prank(admin);
        st.defundRewards(payable(address(r)), 1);
    }

    function test_pauseStopsNewStakesOnly() public {
        vm.prank(alice);
        st.stake{value: 10 ether}();
        vm.expectRevert(_unauthorized(alice));
        vm.prank(alice);
        st.pause();
        vm.prank(admin);
        st.pause();
        vm.expectRevert(SpacePausable.EnforcedPause.selector);
        vm.prank(alice);
        st.stake{value: 1 ether}();
        vm.prank(alice);
        st.requestUnstake(10 ether);
        vm.expectRevert(_unauthorized(alice));
        vm.prank(alice);
        st.unpause();
        vm.prank(admin);
        st.unpause();
        vm.prank(alice);
        st.stake{value: 1 ether}();
    }

    /// Rewards equal stake x 12.5% x elapsed / year (rounded down) for any stake and duration.
    function testFuzz_rewardFormula(uint256 amount, uint256 elapsed) public {
        amount = bound(amount, 1, 100_000 ether);
        elapsed = bound(elapsed, 0, 4 * 365 days);
        vm.prank(alice);
        st.stake{value: amount}();
        vm.warp(block.timestamp + elapsed);
        assertEq(st.pendingRewards(alice), (amount * 1250 * elapsed) / (10_000 * 365 days));
    }

    /// The contract always holds stake + unstaking + reward pool.
    function testFuzz_balanceCoversPrincipalAndPool(uint256 a, uint256 b, uint256 t) public {
        a = bound(a, 1, 100_000 ether);
        b = bound(b, 0, a);
        t = bound(t, 0, 30 days);
        vm.startPrank(alice);
        st.stake{value: a}();
        if (b > 0) st.requestUnstake(b);
        vm.warp(block.timestamp + t);
        if (st.pendingRewards(alice) > 0) st.claimRewards();
        if (b > 0 && t >= 7 days) st.withdraw();
        vm.stopPrank();
        assertEq(address(st).balance, st.totalStaked() + st.totalUnstaking() + st.rewardPool());
    }
}
