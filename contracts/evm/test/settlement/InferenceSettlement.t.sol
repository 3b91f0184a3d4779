// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

import {Test} from "forge-std/Test.sol";
import {StdInvariant} from "forge-std/StdInvariant.sol";
import {SpaceAccess} from "../../src/common/SpaceAccess.sol";
import {SpacePausable} from "../../src/common/SpacePausable.sol";
import {InferenceSettlement} from "../../src/settlement/InferenceSettlement.sol";
import {SpaceStablecoin} from "../../src/tokens/SpaceStablecoin.sol";
import {SpaceParameters} from "spaceos-params/SpaceParameters.sol";
import {RejectsSpace} from "../utils/Actors.sol";

contract SettlementFixture is Test {
    address internal admin = makeAddr("admin");
    address internal settler = makeAddr("settler");
    address internal treasury = makeAddr("treasury");
    address internal oracles = makeAddr("oraclePool");
    address internal provider = makeAddr("provider");
    address internal owner = makeAddr("modelOwner");
    address internal user = makeAddr("userProxyWallet");
    address internal burnAddr = 0x000000000000000000000000000000000000dEaD;
    InferenceSettlement internal s;
    SpaceStablecoin internal usd;

    function setUp() public virtual {
        usd = new SpaceStablecoin("SPACE OS USD", "USD.s", 18); // this test is the issuer
        s = new InferenceSettlement(admin, settler, treasury, oracles, address(usd));
        usd.mint(user, 1_000_000e18);
        vm.prank(user);
        usd.approve(address(s), type(uint256).max);
        vm.deal(user, 1_000_000 ether);
    }

    function _record(bytes32 id, address asset, uint256 price) internal view returns (InferenceSettlement.UsageRecord memory r) {
        r = InferenceSettlement.UsageRecord({
            receiptId: id, payer: user, asset: asset, price: price, provider: provider, modelOwner: owner
        });
    }

    /// Announces a withdrawal and lets its notice pass (SETTLEMENT_WITHDRAWAL_DELAY_S).
    function _announce(address account, address asset, uint256 amount) internal {
        vm.prank(account);
        s.requestWithdrawal(asset, amount);
        vm.warp(block.timestamp + SpaceParameters.SETTLEMENT_WITHDRAWAL_DELAY_S);
    }

    function _one(InferenceSettlement.UsageRecord memory r) internal pure returns (InferenceSettlement.UsageRecord[] memory b) {
        b = new InferenceSettlement.UsageRecord[](1);
        b[0] = r;
    }
}

contract InferenceSettlementTest is SettlementFixture {
    // The contract's events, declared here to be expected (Solidity 0.8.19 cannot emit another contract's event).
    event WithdrawalRequested(address indexed account, address indexed asset, uint256 amount, uint256 readyAt);
    event UsageAttributed(bytes32 indexed receiptId, uint64 indexed device);

    function _unauthorized(address who, bytes32 role) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(SpaceAccess.AccessControlUnauthorized.selector, who, role);
    }

    function test_constructorRejectsZeroAddressesAndAcceptsUsd() public {
        assertTrue(s.assetAccepted(address(usd)));
        assertTrue(s.hasRole(s.BUYBACK_ROLE(), admin));
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        new InferenceSettlement(admin, address(0), treasury, oracles, address(usd));
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        new InferenceSettlement(admin, settler, address(0), oracles, address(usd));
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        new InferenceSettlement(admin, settler, treasury, address(0), address(usd));
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        new InferenceSettlement(admin, settler, treasury, oracles, address(0));
    }

    function test_quoteSplitsPricePlusOnePercentFeeAndBurnsAFifthOfTheTreasuryTake() public view {
        InferenceSettlement.Split memory q = s.quote(1_000_000);
        assertEq(q.fee, 10_000);
        assertEq(q.charge, 1_010_000);
        assertEq(q.provider, 600_000);
        assertEq(q.modelOwner, 200_000);
        assertEq(q.oracles, 100_000);
        assertEq(q.burn, 22_000); // 20% of (100,000 + 10,000)
        assertEq(q.treasury, 88_000);
    }

    function test_quoteRoundingGivesTheRemainderToTheTreasury() public view {
        InferenceSettlement.Split memory q = s.quote(7); // 60/20/10% of 7 wei round to 4/1/0; fee rounds to 0
        assertEq(q.provider, 4);
        assertEq(q.modelOwner, 1);
        assertEq(q.oracles, 0);
        assertEq(q.fee, 0);
        assertEq(q.burn, 0); // 20% of 2
        assertEq(q.treasury, 2);
        assertEq(q.provider + q.modelOwner + q.oracles + q.treasury + q.burn, q.charge);
    }

    function test_depositAndWithdrawUsd() public {
        vm.prank(user);
        s.deposit(user, address(usd), 100e18);
        assertEq(s.balanceOf(user, address(usd)), 100e18);
        _announce(user, address(usd), 40e18);
        vm.prank(user);
        s.withdraw(address(usd), 40e18);
        assertEq(s.balanceOf(user, address(usd)), 60e18);
        assertEq(usd.balanceOf(address(s)), 60e18);
    }

    function test_depositForAnotherAccountAndNativeSpace() public {
        address proxy = makeAddr("proxy");
        vm.prank(user);
        s.deposit{value: 2 ether}(proxy, address(0), 2 ether);
        assertEq(s.balanceOf(proxy, address(0)), 2 ether);
        _announce(proxy, address(0), 2 ether);
        vm.prank(proxy);
        s.withdraw(address(0), 2 ether);
        assertEq(proxy.balance, 2 ether);
    }

    function test_depositRevertsOnEveryInvalidInput() public {
        vm.startPrank(user);
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        s.deposit(address(0), address(usd), 1);
        vm.expectRevert(SpaceAccess.ZeroAmount.selector);
        s.deposit(user, address(usd), 0);
        vm.expectRevert(abi.encodeWithSelector(InferenceSettlement.WrongValue.selector, 1, 2));
        s.deposit{value: 1}(user, address(0), 2);
        vm.expectRevert(abi.encodeWithSelector(InferenceSettlement.WrongValue.selector, 1, 0));
        s.deposit{value: 1}(user, address(usd), 2);
        vm.expectRevert(abi.encodeWithSelector(InferenceSettlement.AssetNotAccepted.selector, address(0xBEEF)));
        s.deposit(user, address(0xBEEF), 2);
        vm.stopPrank();
    }

    function test_withdrawRevertsOnZeroOverdraftAndRefusingReceiver() public {
        vm.startPrank(user);
        vm.expectRevert(SpaceAccess.ZeroAmount.selector);
        s.withdraw(address(usd), 0);
        vm.expectRevert(
            abi.encodeWithSelector(InferenceSettlement.InsufficientBalance.selector, user, address(usd), 1, 0)
        );
        s.requestWithdrawal(address(usd), 1);
        vm.stopPrank();
        // A balance spent by settlement during the notice cannot be withdrawn any more.
        vm.prank(user);
        s.deposit(user, address(usd), 2e18);
        _announce(user, address(usd), 2e18);
        vm.prank(settler);
        s.settleBatch(_one(_record("spent", address(usd), 1e18)));
        vm.prank(user);
        vm.expectRevert(
            abi.encodeWithSelector(
                InferenceSettlement.InsufficientBalance.selector, user, address(usd), 2e18, 2e18 - 1.01e18
            )
        );
        s.withdraw(address(usd), 2e18);
        RejectsSpace r = new RejectsSpace();
        s.deposit{value: 1 ether}(address(r), address(0), 1 ether);
        r.call(address(s), 0, abi.encodeCall(InferenceSettlement.requestWithdrawal, (address(0), 1 ether)));
        vm.warp(block.timestamp + SpaceParameters.SETTLEMENT_WITHDRAWAL_DELAY_S);
        vm.expectRevert(abi.encodeWithSelector(InferenceSettlement.TransferFailed.selector, address(r), 1 ether));
        r.call(address(s), 0, abi.encodeCall(InferenceSettlement.withdraw, (address(0), 1 ether)));
    }

    function test_settleBatchCreditsEveryPartyAndSetsTheStablecoinBurnAside() public {
        vm.prank(user);
        s.deposit(user, address(usd), 10e18);
        InferenceSettlement.UsageRecord[] memory b = new InferenceSettlement.UsageRecord[](2);
        b[0] = _record("r1", address(usd), 1e18);
        b[1] = _record("r2", address(usd), 2e18);
        vm.prank(settler);
        s.settleBatch(b);
        assertEq(s.balanceOf(user, address(usd)), 10e18 - 3.03e18);
        assertEq(s.balanceOf(provider, address(usd)), 1.8e18);
        assertEq(s.balanceOf(owner, address(usd)), 0.6e18);
        assertEq(s.balanceOf(oracles, address(usd)), 0.3e18);
        assertEq(s.balanceOf(treasury, address(usd)), 0.264e18);
        assertEq(s.totalBurned(address(usd)), 0.066e18);
        assertEq(s.buybackReserve(address(usd)), 0.066e18);
        assertTrue(s.receiptSettled("r1") && s.receiptSettled("r2"));
        // The provider withdraws its credit after the notice.
        _announce(provider, address(usd), 1.8e18);
        vm.prank(provider);
        s.withdraw(address(usd), 1.8e18);
        assertEq(usd.balanceOf(provider), 1.8e18);
    }

    function test_withdrawNeedsAnAnnouncementWhoseNoticeHasPassed() public {
        vm.prank(user);
        s.deposit(user, address(usd), 10e18);
        vm.prank(user);
        vm.expectRevert(
            abi.encodeWithSelector(InferenceSettlement.WithdrawalNotRequested.selector, user, address(usd), 1e18, 0)
        );
        s.withdraw(address(usd), 1e18);
        uint256 expectedReady = block.timestamp + SpaceParameters.SETTLEMENT_WITHDRAWAL_DELAY_S;
        vm.expectEmit(true, true, false, true, address(s));
        emit WithdrawalRequested(user, address(usd), 4e18, expectedReady);
        vm.prank(user);
        assertEq(s.requestWithdrawal(address(usd), 4e18), expectedReady);
        (uint256 amount, uint256 readyAt) = s.withdrawalRequestOf(user, address(usd));
        assertEq(amount, 4e18);
        assertEq(readyAt, expectedReady);
        vm.warp(expectedReady - 1);
        vm.prank(user);
        vm.expectRevert(
            abi.encodeWithSelector(InferenceSettlement.WithdrawalNotReady.selector, user, address(usd), expectedReady)
        );
        s.withdraw(address(usd), 4e18);
        vm.warp(expectedReady);
        vm.prank(user);
        vm.expectRevert(
            abi.encodeWithSelector(InferenceSettlement.WithdrawalNotRequested.selector, user, address(usd), 5e18, 4e18)
        );
        s.withdraw(address(usd), 5e18);
        vm.prank(user);
        s.withdraw(address(usd), 3e18);
        (amount,) = s.withdrawalRequestOf(user, address(usd));
        assertEq(amount, 1e18, "the rest of the announcement stays");
        assertEq(s.balanceOf(user, address(usd)), 7e18);
        // A new announcement restarts the notice; amount 0 cancels.
        vm.prank(user);
        s.requestWithdrawal(address(usd), 1e18);
        vm.prank(user);
        vm.expectRevert(
            abi.encodeWithSelector(
                InferenceSettlement.WithdrawalNotReady.selector,
                user,
                address(usd),
                block.timestamp + SpaceParameters.SETTLEMENT_WITHDRAWAL_DELAY_S
            )
        );
        s.withdraw(address(usd), 1e18);
        vm.prank(user);
        assertEq(s.requestWithdrawal(address(usd), 0), 0);
        (amount, readyAt) = s.withdrawalRequestOf(user, address(usd));
        assertEq(amount + readyAt, 0);
    }

    function test_settleBatchWithDevicesAttributesEachRecordToItsDevice() public {
        vm.prank(user);
        s.deposit(user, address(usd), 10e18);
        InferenceSettlement.UsageRecord[] memory b = new InferenceSettlement.UsageRecord[](2);
        b[0] = _record("d1", address(usd), 1e18);
        b[1] = _record("d2", address(usd), 2e18);
        uint64[] memory devices = new uint64[](2);
        devices[0] = 0x1234;
        devices[1] = 0x5678;
        vm.expectEmit(true, true, false, true, address(s));
        emit UsageAttributed("d1", 0x1234);
        vm.expectEmit(true, true, false, true, address(s));
        emit UsageAttributed("d2", 0x5678);
        vm.prank(settler);
        s.settleBatchWithDevices(b, devices);
        assertEq(s.balanceOf(provider, address(usd)), 1.8e18);
        assertTrue(s.receiptSettled("d1") && s.receiptSettled("d2"));
    }

    function test_settleBatchWithDevicesRefusesBadInput() public {
        vm.prank(user);
        s.deposit(user, address(usd), 10e18);
        uint64[] memory none = new uint64[](0);
        uint64[] memory zero = new uint64[](1);
        uint64[] memory one = new uint64[](1);
        one[0] = 7;
        vm.startPrank(settler);
        vm.expectRevert(InferenceSettlement.EmptyBatch.selector);
        s.settleBatchWithDevices(new InferenceSettlement.UsageRecord[](0), none);
        vm.expectRevert(abi.encodeWithSelector(InferenceSettlement.DeviceCountMismatch.selector, 1, 0));
        s.settleBatchWithDevices(_one(_record("x", address(usd), 1)), none);
        vm.expectRevert(abi.encodeWithSelector(InferenceSettlement.EmptyDevice.selector, bytes32("x")));
        s.settleBatchWithDevices(_one(_record("x", address(usd), 1)), zero);
        vm.stopPrank();
        vm.expectRevert(_unauthorized(user, s.SETTLER_ROLE()));
        vm.prank(user);
        s.settleBatchWithDevices(_one(_record("x", address(usd), 1)), one);
        assertFalse(s.receiptSettled("x"));
    }

    function test_settleBatchBurnsNativeSpaceAtTheBurnAddress() public {
        vm.prank(user);
        s.deposit{value: 1 ether}(user, address(0), 1 ether);
        uint256 before = burnAddr.balance;
        vm.prank(settler);
        s.settleBatch(_one(_record("n1", address(0), 0.5 ether)));
        assertEq(burnAddr.balance - before, 0.011 ether);
        assertEq(s.totalBurned(address(0)), 0.011 ether);
        assertEq(s.buybackReserve(address(0)), 0);
        assertEq(address(s).balance, 1 ether - 0.011 ether);
    }

    function test_replayedReceiptRevertsTheWholeBatch() public {
        vm.prank(user);
        s.deposit(user, address(usd), 10e18);
        vm.prank(settler);
        s.settleBatch(_one(_record("r1", address(usd), 1e18)));
        InferenceSettlement.UsageRecord[] memory b = new InferenceSettlement.UsageRecord[](2);
        b[0] = _record("r2", address(usd), 1e18);
        b[1] = _record("r1", address(usd), 1e18);
        vm.expectRevert(abi.encodeWithSelector(InferenceSettlement.ReceiptAlreadySettled.selector, bytes32("r1")));
        vm.prank(settler);
        s.settleBatch(b);
        assertFalse(s.receiptSettled("r2"));
        // A duplicate inside one batch is rejected too.
        b[1] = _record("r2", address(usd), 1e18);
        vm.expectRevert(abi.encodeWithSelector(InferenceSettlement.ReceiptAlreadySettled.selector, bytes32("r2")));
        vm.prank(settler);
        s.settleBatch(b);
    }

    function test_settleBatchRevertsOnEveryInvalidRecord() public {
        vm.prank(user);
        s.deposit(user, address(usd), 1e18);
        vm.expectRevert(_unauthorized(user, s.SETTLER_ROLE()));
        vm.prank(user);
        s.settleBatch(_one(_record("x", address(usd), 1)));
        vm.startPrank(settler);
        vm.expectRevert(InferenceSettlement.EmptyBatch.selector);
        s.settleBatch(new InferenceSettlement.UsageRecord[](0));
        vm.expectRevert(abi.encodeWithSelector(InferenceSettlement.AssetNotAccepted.selector, address(0xBEEF)));
        s.settleBatch(_one(_record("x", address(0xBEEF), 1)));
        InferenceSettlement.UsageRecord memory r = _record("x", address(usd), 1);
        r.provider = address(0);
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        s.settleBatch(_one(r));
        vm.expectRevert(SpaceAccess.ZeroAmount.selector);
        s.settleBatch(_one(_record("x", address(usd), 0)));
        vm.expectRevert(
            abi.encodeWithSelector(InferenceSettlement.InsufficientBalance.selector, user, address(usd), 2.02e18, 1e18)
        );
        s.settleBatch(_one(_record("x", address(usd), 2e18)));
        vm.stopPrank();
    }

    function test_withdrawBuybackTakesTheStablecoinBurnShare() public {
        vm.prank(user);
        s.deposit(user, address(usd), 10e18);
        vm.prank(settler);
        s.settleBatch(_one(_record("r1", address(usd), 1e18)));
        address exec = makeAddr("buyback");
        vm.expectRevert(_unauthorized(user, s.BUYBACK_ROLE()));
        vm.prank(user);
        s.withdrawBuyback(address(usd), exec, 1);
        vm.startPrank(admin);
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        s.withdrawBuyback(address(usd), address(0), 1);
        vm.expectRevert(SpaceAccess.ZeroAmount.selector);
        s.withdrawBuyback(address(usd), exec, 0);
        vm.expectRevert(
            abi.encodeWithSelector(
                InferenceSettlement.InsufficientBalance.selector, address(s), address(usd), 1e18, 0.022e18
            )
        );
        s.withdrawBuyback(address(usd), exec, 1e18);
        s.withdrawBuyback(address(usd), exec, 0.022e18);
        vm.stopPrank();
        assertEq(usd.balanceOf(exec), 0.022e18);
        assertEq(s.buybackReserve(address(usd)), 0);
    }

    function test_adminSettersAndPause() public {
        vm.expectRevert(_unauthorized(user, s.DEFAULT_ADMIN_ROLE()));
        vm.prank(user);
        s.setAssetAccepted(address(0xBEEF), true);
        vm.expectRevert(_unauthorized(user, s.DEFAULT_ADMIN_ROLE()));
        vm.prank(user);
        s.setPayees(user, user);
        vm.expectRevert(_unauthorized(user, s.DEFAULT_ADMIN_ROLE()));
        vm.prank(user);
        s.pause();
        vm.startPrank(admin);
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        s.setAssetAccepted(address(0), true);
        s.setAssetAccepted(address(0xBEEF), true);
        assertTrue(s.assetAccepted(address(0xBEEF)));
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        s.setPayees(address(0), oracles);
        s.setPayees(makeAddr("t2"), makeAddr("o2"));
        assertEq(s.treasury(), makeAddr("t2"));
        assertEq(s.oraclePool(), makeAddr("o2"));
        s.pause();
        vm.stopPrank();
        vm.expectRevert(SpacePausable.EnforcedPause.selector);
        vm.prank(user);
        s.deposit(user, address(usd), 1);
        vm.expectRevert(SpacePausable.EnforcedPause.selector);
        vm.prank(settler);
        s.settleBatch(_one(_record("x", address(usd), 1)));
        vm.expectRevert(_unauthorized(user, s.DEFAULT_ADMIN_ROLE()));
        vm.prank(user);
        s.unpause();
        vm.prank(admin);
        s.unpause();
        vm.prank(user);
        s.deposit(user, address(usd), 1);
    }

    /// For every price: splits + burn == price + fee == charge, shares match the bps within rounding.
    function testFuzz_splitsPlusBurnEqualTheCharge(uint256 price) public view {
        price = bound(price, 1, 1e40);
        InferenceSettlement.Split memory q = s.quote(price);
        assertEq(q.provider + q.modelOwner + q.oracles + q.treasury + q.burn, q.charge);
        assertEq(q.charge, price + price / 100);
        assertEq(q.provider, (price * 6000) / 10_000);
        assertEq(q.modelOwner, (price * 2000) / 10_000);
        assertEq(q.oracles, (price * 1000) / 10_000);
        assertEq(q.burn, ((price - q.provider - q.modelOwner - q.oracles + q.fee) * 2000) / 10_000);
    }

    /// Settling moves exactly the charge out of the payer, and all of it lands with payees or the burn.
    function testFuzz_settlementConservesValue(uint256 price, bool native) public {
        price = bound(price, 1, 1000e18);
        address asset = native ? address(0) : address(usd);
        uint256 charge = s.quote(price).charge;
        vm.prank(user);
        s.deposit{value: native ? charge : 0}(user, asset, charge);
        vm.prank(settler);
        s.settleBatch(_one(_record(keccak256(abi.encode(price)), asset, price)));
        uint256 credited = s.balanceOf(provider, asset) + s.balanceOf(owner, asset) + s.balanceOf(oracles, asset)
            + s.balanceOf(treasury, asset);
        assertEq(s.balanceOf(user, asset), 0);
        assertEq(credited + s.totalBurned(asset), charge);
    }
}

/// Random deposits, settlements (including replays) and withdrawals.
contract SettlementHandler is Test {
    InferenceSettlement internal s;
    SpaceStablecoin internal usd;
    address internal settler;
    address[2] internal payers = [address(0xA11CE), address(0xB0B)];
    address[3] internal payees;
    bytes32[] public settledIds;
    uint256 internal seq;
    bool public replaySettled;
    mapping(address => uint256) public ghostCharged;
    mapping(address => uint256) public ghostFees;
    mapping(address => uint256) public ghostPayeeWithdrawn;

    constructor(InferenceSettlement s_, SpaceStablecoin usd_, address settler_, address p, address o) {
        s = s_;
        usd = usd_;
        settler = settler_;
        payees = [p, o, address(0xC0FFEE)];
    }

    function _asset(bool native) internal view returns (address) {
        return native ? address(0) : address(usd);
    }

    function deposit(uint256 who, bool native, uint256 amount) external {
        amount = bound(amount, 1, 1e24);
        address payer = payers[who % 2];
        vm.prank(payer);
        s.deposit{value: native ? amount : 0}(payer, _asset(native), amount);
    }

    function settle(uint256 who, bool native, uint256 price, uint8 count) external {
        address payer = payers[who % 2];
        address asset = _asset(native);
        uint256 n = bound(count, 1, 4);
        InferenceSettlement.UsageRecord[] memory b = new InferenceSettlement.UsageRecord[](n);
        uint256 total = 0;
        for (uint256 i = 0; i < n; i++) {
            uint256 p = bound(uint256(keccak256(abi.encode(price, i))), 1, 1e21);
            b[i] = InferenceSettlement.UsageRecord({
                receiptId: bytes32(++seq), payer: payer, asset: asset, price: p, provider: payees[i % 3],
                modelOwner: payees[(i + 1) % 3]
            });
            total += s.quote(p).charge;
        }
        if (total > s.balanceOf(payer, asset)) return;
        vm.prank(settler);
        s.settleBatch(b);
        for (uint256 i = 0; i < n; i++) {
            settledIds.push(b[i].receiptId);
            InferenceSettlement.Split memory q = s.quote(b[i].price);
            ghostCharged[asset] += q.charge;
            ghostFees[asset] += q.fee;
        }
    }

    function replay(uint256 idx, bool native) external {
        if (settledIds.length == 0) return;
        bytes32 id = settledIds[bound(idx, 0, settledIds.length - 1)];
        InferenceSettlement.UsageRecord[] memory b = new InferenceSettlement.UsageRecord[](1);
        b[0] = InferenceSettlement.UsageRecord({
            receiptId: id, payer: payers[0], asset: _asset(native), price: 1, provider: payees[0], modelOwner: payees[1]
        });
        vm.prank(settler);
        try s.settleBatch(b) {
            replaySettled = true;
        } catch {}
    }

    function withdraw(uint256 who, bool native, uint256 amount) external {
        address[5] memory all = [payers[0], payers[1], payees[0], payees[1], payees[2]];
        address account = all[who % 5];
        address asset = _asset(native);
        uint256 bal = s.balanceOf(account, asset);
        if (bal == 0) return;
        amount = bound(amount, 1, bal);
        vm.prank(account);
        s.requestWithdrawal(asset, amount);
        vm.warp(block.timestamp + SpaceParameters.SETTLEMENT_WITHDRAWAL_DELAY_S);
        vm.prank(account);
        s.withdraw(asset, amount);
        if (who % 5 >= 2) ghostPayeeWithdrawn[asset] += amount;
    }

    function settledCount() external view returns (uint256) {
        return settledIds.length;
    }
}

contract SettlementInvariantTest is StdInvariant, SettlementFixture {
    SettlementHandler internal handler;

    function setUp() public override {
        super.setUp();
        address[2] memory payers = [address(0xA11CE), address(0xB0B)];
        for (uint256 i = 0; i < 2; i++) {
            usd.mint(payers[i], 1e30);
            vm.deal(payers[i], 1e30);
            vm.prank(payers[i]);
            usd.approve(address(s), type(uint256).max);
        }
        handler = new SettlementHandler(s, usd, settler, provider, owner);
        targetContract(address(handler));
    }

    function _credits(address asset) internal view returns (uint256 sum) {
        address[8] memory all = [
            address(0xA11CE), address(0xB0B), provider, owner, address(0xC0FFEE), oracles, treasury, user
        ];
        for (uint256 i = 0; i < all.length; i++) {
            sum += s.balanceOf(all[i], asset);
        }
    }

    /// Everything charged went to the four payees and the burn: credits + burned == deposits - withdrawals.
    function invariant_holdingsCoverCreditsAndBurnsAreAccounted() public view {
        assertEq(usd.balanceOf(address(s)), _credits(address(usd)) + s.buybackReserve(address(usd)));
        assertEq(address(s).balance, _credits(address(0)));
        assertEq(s.totalBurned(address(0)), burnAddr.balance);
    }

    /// Sum of splits + burn == charges: everything settlement took from payers is with the payees (held or
    /// withdrawn) or burned, to the wei, for both assets.
    function invariant_splitsPlusBurnEqualCharges() public view {
        address[2] memory assets = [address(usd), address(0)];
        for (uint256 i = 0; i < 2; i++) {
            address a = assets[i];
            uint256 payees = s.balanceOf(provider, a) + s.balanceOf(owner, a) + s.balanceOf(address(0xC0FFEE), a)
                + s.balanceOf(oracles, a) + s.balanceOf(treasury, a);
            assertEq(payees + handler.ghostPayeeWithdrawn(a) + s.totalBurned(a), handler.ghostCharged(a));
        }
    }

    /// The burn is exactly 20% (rounded down) of the treasury's gross take, summed per record: it never exceeds
    /// the fee plus 10% of the price and is never more than the charge.
    function invariant_burnBoundedByCharges() public view {
        assertLe(s.totalBurned(address(usd)), handler.ghostCharged(address(usd)));
        assertLe(s.totalBurned(address(0)), handler.ghostCharged(address(0)));
    }

    /// No receipt settles twice.
    function invariant_noReceiptSettlesTwice() public view {
        assertFalse(handler.replaySettled());
    }
}
