// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

import {Test} from "forge-std/Test.sol";
import {SpaceParameters} from "spaceos-params/SpaceParameters.sol";
import {SpaceAccess} from "../../src/common/SpaceAccess.sol";
import {SpaceProviderBond} from "../../src/staking/SpaceProviderBond.sol";
import {RejectsSpace} from "../utils/Actors.sol";

contract SpaceProviderBondTest is Test {
    address internal admin = makeAddr("admin");
    address internal authority = makeAddr("bridgeAuthority");
    address internal treasury = makeAddr("treasury");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    bytes32 internal constant DEV = keccak256("gpu-0");
    uint256 internal bond;
    SpaceProviderBond internal pb;

    function setUp() public {
        vm.warp(1_800_000_000);
        pb = new SpaceProviderBond(admin, authority, treasury);
        bond = SpaceParameters.PROVIDER_BOND_WEI;
        vm.deal(alice, 10_000 ether);
        vm.deal(bob, 10_000 ether);
    }

    function _post() internal {
        vm.prank(alice);
        pb.postBond{value: bond}(DEV);
    }

    function test_constructorRejectsZeroAddresses() public {
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        new SpaceProviderBond(admin, address(0), treasury);
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        new SpaceProviderBond(admin, authority, address(0));
    }

    function test_postBondRecordsTheOwnerAndTheExactBond() public {
        _post();
        (address owner, SpaceProviderBond.Status status, uint256 b,) = pb.devices(DEV);
        assertEq(owner, alice);
        assertEq(uint8(status), uint8(SpaceProviderBond.Status.Active));
        assertEq(b, 100 ether);
        assertEq(pb.bondOf(DEV), bond);
        assertEq(pb.totalBonded(), bond);
        vm.expectRevert(abi.encodeWithSelector(SpaceProviderBond.DeviceAlreadyBonded.selector, DEV));
        vm.prank(bob);
        pb.postBond{value: bond}(DEV);
        vm.expectRevert(abi.encodeWithSelector(SpaceProviderBond.WrongBondAmount.selector, 1 ether, bond));
        vm.prank(bob);
        pb.postBond{value: 1 ether}(keccak256("gpu-1"));
    }

    function test_downtimeVerdictSlashesTenPercentOfTheBondToTheTreasuryOnce() public {
        _post();
        vm.prank(authority);
        uint256 slashed = pb.applyDowntimeVerdict("v1", DEV, 42);
        assertEq(slashed, (bond * SpaceParameters.DOWNTIME_SLASH_BPS) / 10_000);
        assertEq(slashed, 10 ether);
        assertEq(pb.bondOf(DEV), 90 ether);
        assertEq(treasury.balance, 10 ether);
        assertEq(pb.totalSlashed(), 10 ether);
        assertEq(pb.totalBonded(), 90 ether);
        vm.expectRevert(abi.encodeWithSelector(SpaceProviderBond.VerdictAlreadyApplied.selector, bytes32("v1")));
        vm.prank(authority);
        pb.applyDowntimeVerdict("v1", DEV, 42);
    }

    function test_verdictRevertPaths() public {
        vm.expectRevert(
            abi.encodeWithSelector(SpaceAccess.AccessControlUnauthorized.selector, alice, pb.BRIDGE_AUTHORITY_ROLE())
        );
        vm.prank(alice);
        pb.applyDowntimeVerdict("v", DEV, 1);
        vm.expectRevert(
            abi.encodeWithSelector(SpaceProviderBond.WrongDeviceStatus.selector, DEV, SpaceProviderBond.Status.None)
        );
        vm.prank(authority);
        pb.applyDowntimeVerdict("v", DEV, 1);
        _post();
        address refusing = address(new RejectsSpace());
        vm.prank(admin);
        pb.setTreasury(refusing);
        vm.expectRevert(abi.encodeWithSelector(SpaceProviderBond.TransferFailed.selector, pb.treasury(), 10 ether));
        vm.prank(authority);
        pb.applyDowntimeVerdict("v", DEV, 1);
    }

    function test_topUpRestoresTheBondButNotBeyondIt() public {
        _post();
        vm.prank(authority);
        pb.applyDowntimeVerdict("v1", DEV, 1);
        vm.startPrank(alice);
        vm.expectRevert(SpaceAccess.ZeroAmount.selector);
        pb.topUp(DEV);
        vm.expectRevert(abi.encodeWithSelector(SpaceProviderBond.WrongBondAmount.selector, 11 ether, 10 ether));
        pb.topUp{value: 11 ether}(DEV);
        pb.topUp{value: 10 ether}(DEV);
        vm.stopPrank();
        assertEq(pb.bondOf(DEV), bond);
        vm.expectRevert(abi.encodeWithSelector(SpaceProviderBond.NotDeviceOwner.selector, DEV, bob));
        vm.prank(bob);
        pb.topUp{value: 1}(DEV);
    }

    function test_deregisterUnbondsForSevenDaysDuringWhichVerdictsStillSlash() public {
        _post();
        vm.expectRevert(abi.encodeWithSelector(SpaceProviderBond.NotDeviceOwner.selector, DEV, bob));
        vm.prank(bob);
        pb.deregister(DEV);
        vm.prank(alice);
        pb.deregister(DEV);
        uint256 unbondAt = block.timestamp + SpaceParameters.PROVIDER_UNSTAKE_DELAY_S;
        vm.expectRevert(
            abi.encodeWithSelector(SpaceProviderBond.WrongDeviceStatus.selector, DEV, SpaceProviderBond.Status.Unbonding)
        );
        vm.prank(alice);
        pb.deregister(DEV);
        vm.expectRevert(
            abi.encodeWithSelector(SpaceProviderBond.WrongDeviceStatus.selector, DEV, SpaceProviderBond.Status.Unbonding)
        );
        vm.prank(alice);
        pb.topUp{value: 1}(DEV);
        vm.prank(authority);
        pb.applyDowntimeVerdict("late", DEV, 7);
        vm.warp(unbondAt - 1);
        vm.expectRevert(abi.encodeWithSelector(SpaceProviderBond.BondLocked.selector, DEV, unbondAt));
        vm.prank(alice);
        pb.withdrawBond(DEV);
        vm.warp(unbondAt);
        uint256 before = alice.balance;
        vm.prank(alice);
        pb.withdrawBond(DEV);
        assertEq(alice.balance - before, 90 ether);
        assertEq(pb.totalBonded(), 0);
        vm.expectRevert(
            abi.encodeWithSelector(SpaceProviderBond.WrongDeviceStatus.selector, DEV, SpaceProviderBond.Status.Withdrawn)
        );
        vm.prank(alice);
        pb.withdrawBond(DEV);
        // A withdrawn device may bond again, by anyone.
        vm.prank(bob);
        pb.postBond{value: bond}(DEV);
        (address owner,,,) = pb.devices(DEV);
        assertEq(owner, bob);
    }

    function test_bondIsIndependentPerDevice() public {
        _post();
        vm.prank(alice);
        pb.postBond{value: bond}(keccak256("gpu-1"));
        vm.prank(authority);
        pb.applyDowntimeVerdict("v1", DEV, 1);
        assertEq(pb.bondOf(keccak256("gpu-1")), bond);
        assertEq(pb.bondOf(DEV), bond - 10 ether);
    }

    function test_setTreasuryIsAdminOnly() public {
        vm.expectRevert(
            abi.encodeWithSelector(SpaceAccess.AccessControlUnauthorized.selector, alice, pb.DEFAULT_ADMIN_ROLE())
        );
        vm.prank(alice);
        pb.setTreasury(alice);
        vm.startPrank(admin);
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        pb.setTreasury(address(0));
        pb.setTreasury(bob);
        vm.stopPrank();
        assertEq(pb.treasury(), bob);
    }

    /// After any number of verdicts the bond is bond x 0.9^n (rounded down each step), and bond + slashed is constant.
    function testFuzz_repeatedVerdictsConserveValue(uint8 n) public {
        n = uint8(bound(n, 0, 40));
        _post();
        uint256 expected = bond;
        for (uint256 i = 0; i < n; i++) {
            vm.prank(authority);
            pb.applyDowntimeVerdict(bytes32(i + 1), DEV, uint64(i));
            expected -= (expected * 1000) / 10_000;
        }
        assertEq(pb.bondOf(DEV), expected);
        assertEq(pb.bondOf(DEV) + pb.totalSlashed(), bond);
        assertEq(address(pb).balance, pb.totalBonded());
    }
}
