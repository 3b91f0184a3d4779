// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

import {Test} from "forge-std/Test.sol";
import {SpaceParameters} from "spaceos-params/SpaceParameters.sol";
import {SpaceAccess} from "../../src/common/SpaceAccess.sol";
import {SpacePausable} from "../../src/common/SpacePausable.sol";
import {SpaceFaucet} from "../../src/staking/SpaceFaucet.sol";
import {RejectsSpace} from "../utils/Actors.sol";

contract SpaceFaucetTest is Test {
    address internal admin = makeAddr("admin");
    address internal alice = makeAddr("alice");
    SpaceFaucet internal faucet;

    function setUp() public {
        vm.warp(1_800_000_000);
        faucet = new SpaceFaucet(admin);
        vm.deal(address(this), 10_000 ether);
        (bool ok,) = address(faucet).call{value: 1000 ether}("");
        assertTrue(ok);
    }

    function test_constructorRejectsZeroAdmin() public {
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        new SpaceFaucet(address(0));
    }

    function test_dripPaysOneHundredSpaceOncePer24Hours() public {
        assertEq(faucet.nextDripAt(alice), 0);
        vm.prank(alice);
        faucet.drip();
        assertEq(alice.balance, SpaceParameters.FAUCET_AMOUNT_WEI);
        assertEq(alice.balance, 100 ether);
        uint256 next = block.timestamp + 24 hours;
        assertEq(faucet.nextDripAt(alice), next);
        vm.warp(next - 1);
        vm.expectRevert(abi.encodeWithSelector(SpaceFaucet.FaucetCooldown.selector, alice, next));
        vm.prank(alice);
        faucet.drip();
        vm.warp(next);
        vm.prank(alice);
        faucet.drip();
        assertEq(alice.balance, 200 ether);
    }

    function test_dripRevertsWhenEmptyPausedOrReceiverRefuses() public {
        vm.prank(admin);
        faucet.withdraw(payable(admin), 950 ether);
        vm.expectRevert(abi.encodeWithSelector(SpaceFaucet.FaucetEmpty.selector, 50 ether));
        vm.prank(alice);
        faucet.drip();
        (bool ok,) = address(faucet).call{value: 1000 ether}("");
        assertTrue(ok);
        RejectsSpace r = new RejectsSpace();
        vm.expectRevert(abi.encodeWithSelector(SpaceFaucet.TransferFailed.selector, address(r), 100 ether));
        r.call(address(faucet), 0, abi.encodeCall(SpaceFaucet.drip, ()));
        vm.expectRevert(
            abi.encodeWithSelector(SpaceAccess.AccessControlUnauthorized.selector, alice, faucet.DEFAULT_ADMIN_ROLE())
        );
        vm.prank(alice);
        faucet.pause();
        vm.prank(admin);
        faucet.pause();
        vm.expectRevert(SpacePausable.EnforcedPause.selector);
        vm.prank(alice);
        faucet.drip();
        vm.expectRevert(
            abi.encodeWithSelector(SpaceAccess.AccessControlUnauthorized.selector, alice, faucet.DEFAULT_ADMIN_ROLE())
        );
        vm.prank(alice);
        faucet.unpause();
        vm.prank(admin);
        faucet.unpause();
        vm.prank(alice);
        faucet.drip();
    }

    function test_withdrawIsAdminOnlyAndChecksTheRecipient() public {
        vm.expectRevert(
            abi.encodeWithSelector(SpaceAccess.AccessControlUnauthorized.selector, alice, faucet.DEFAULT_ADMIN_ROLE())
        );
        vm.prank(alice);
        faucet.withdraw(payable(alice), 1 ether);
        vm.startPrank(admin);
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        faucet.withdraw(payable(address(0)), 1 ether);
        vm.expectRevert(abi.encodeWithSelector(SpaceFaucet.TransferFailed.selector, admin, 2000 ether));
        faucet.withdraw(payable(admin), 2000 ether);
        faucet.withdraw(payable(admin), 1 ether);
        vm.stopPrank();
        assertEq(admin.balance, 1 ether);
    }

    /// Whatever the gap between two drips, the second succeeds exactly when 24 hours have passed.
    function testFuzz_cooldownIsExactly24Hours(uint256 gap) public {
        gap = bound(gap, 0, 10 days);
        vm.prank(alice);
        faucet.drip();
        vm.warp(block.timestamp + gap);
        if (gap < 24 hours) {
            vm.expectRevert(abi.encodeWithSelector(SpaceFaucet.FaucetCooldown.selector, alice, block.timestamp - gap + 1 days));
        }
        vm.prank(alice);
        faucet.drip();
        assertEq(alice.balance, gap < 24 hours ? 100 ether : 200 ether);
    }
}
