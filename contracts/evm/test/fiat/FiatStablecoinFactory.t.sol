// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

import {Test} from "forge-std/Test.sol";
import {StdInvariant} from "forge-std/StdInvariant.sol";
import {SpaceParameters} from "spaceos-params/SpaceParameters.sol";
import {SpaceAccess} from "../../src/common/SpaceAccess.sol";
import {SpacePausable} from "../../src/common/SpacePausable.sol";
import {BridgeTokenFactory} from "../../src/bridge/BridgeTokenFactory.sol";
import {FiatStablecoinFactory} from "../../src/fiat/FiatStablecoinFactory.sol";
import {SpaceStablecoin} from "../../src/tokens/SpaceStablecoin.sol";

contract FiatFixture is Test {
    address internal admin = makeAddr("admin");
    address internal signer = makeAddr("treasurySigner");
    address internal reconciler = makeAddr("reconciler");
    address internal reviewer = makeAddr("reviewer");
    address internal alice = makeAddr("alice");
    FiatStablecoinFactory internal fiat;
    address internal usd;
    uint256 internal single;
    uint256 internal daily;

    function setUp() public virtual {
        vm.warp(1_800_000_000);
        fiat = new FiatStablecoinFactory(admin, signer, reconciler, reviewer);
        vm.prank(admin);
        usd = fiat.createStablecoin("SPACE OS USD", "USD.s");
        single = SpaceParameters.TREASURY_MAX_SINGLE_TX_USD * 1e18;
        daily = SpaceParameters.TREASURY_MAX_DAILY_OUTFLOW_USD * 1e18;
    }

    function _unauthorized(address who, bytes32 role) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(SpaceAccess.AccessControlUnauthorized.selector, who, role);
    }
}

contract FiatStablecoinFactoryTest is FiatFixture {
    event MintBurnLogged(
        uint256 indexed sequence,
        bytes32 indexed idempotencyKey,
        address indexed token,
        FiatStablecoinFactory.Operation operation,
        address account,
        uint256 amount
    );
    event WithdrawalQueued(
        uint256 indexed id, address indexed token, address indexed account, uint256 amount, bytes32 idempotencyKey
    );
    event MintingAutoPaused(address indexed token);

    function _mint(uint256 amount, bytes32 key) internal {
        vm.prank(signer);
        fiat.mint(usd, alice, amount, key);
    }

    function _redeem(uint256 amount, bytes32 key) internal returns (uint256) {
        _approve(amount);
        return _redeemCall(amount, key);
    }

    function _approve(uint256 amount) internal {
        vm.prank(alice);
        SpaceStablecoin(usd).approve(address(fiat), amount);
    }

    function _redeemCall(uint256 amount, bytes32 key) internal returns (uint256) {
        vm.prank(signer);
        return fiat.redeem(usd, alice, amount, key);
    }

    function test_constructorRejectsZeroAddresses() public {
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        new FiatStablecoinFactory(admin, address(0), reconciler, reviewer);
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        new FiatStablecoinFactory(admin, signer, address(0), reviewer);
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        new FiatStablecoinFactory(admin, signer, reconciler, address(0));
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        new FiatStablecoinFactory(address(0), signer, reconciler, reviewer);
    }

    function test_createStablecoinMakesAn18DecimalTokenOnce() public {
        assertEq(SpaceStablecoin(usd).decimals(), 18);
        assertEq(SpaceStablecoin(usd).symbol(), "USD.s");
        assertEq(fiat.tokenBySymbol("USD.s"), usd);
        assertEq(fiat.stablecoinCount(), 1);
        vm.startPrank(admin);
        address eur = fiat.createStablecoin("SPACE OS EUR", "EUR.s");
        fiat.createStablecoin("SPACE OS GBP", "GBP.s");
        assertEq(fiat.stablecoins(1), eur);
        vm.expectRevert(abi.encodeWithSelector(FiatStablecoinFactory.SymbolTaken.selector, "USD.s"));
        fiat.createStablecoin("again", "USD.s");
        vm.stopPrank();
        vm.expectRevert(_unauthorized(alice, fiat.DEFAULT_ADMIN_ROLE()));
        vm.prank(alice);
        fiat.createStablecoin("x", "X.s");
    }

    function test_limitsComeFromTheParameters() public view {
        assertEq(fiat.singleLimit(), 500e18);
        assertEq(fiat.dailyLimit(), 5000e18);
    }

    function test_mintLogsAndRejectsReusedKeys() public {
        vm.expectEmit(true, true, true, true, address(fiat));
        emit MintBurnLogged(1, "k1", usd, FiatStablecoinFactory.Operation.Mint, alice, 100e18);
        _mint(100e18, "k1");
        assertEq(SpaceStablecoin(usd).balanceOf(alice), 100e18);
        assertEq(fiat.logSequence(), 1);
        assertTrue(fiat.idempotencyKeyUsed("k1"));
        vm.expectRevert(abi.encodeWithSelector(FiatStablecoinFactory.IdempotencyKeyUsed.selector, bytes32("k1")));
        _mint(100e18, "k1");
    }

    function test_mintRevertsOnEveryInvalidInput() public {
        vm.expectRevert(_unauthorized(alice, fiat.TREASURY_SIGNER_ROLE()));
        vm.prank(alice);
        fiat.mint(usd, alice, 1, "k");
        vm.startPrank(signer);
        vm.expectRevert(abi.encodeWithSelector(FiatStablecoinFactory.UnknownStablecoin.selector, alice));
        fiat.mint(alice, alice, 1, "k");
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        fiat.mint(usd, address(0), 1, "k");
        vm.expectRevert(SpaceAccess.ZeroAmount.selector);
        fiat.mint(usd, alice, 0, "k");
        vm.stopPrank();
    }

    function test_redeemWithinLimitsBurnsNowAndCountsTheOutflow() public {
        _mint(1000e18, "m");
        _approve(500e18);
        vm.expectEmit(true, true, true, true, address(fiat));
        emit MintBurnLogged(2, "r1", usd, FiatStablecoinFactory.Operation.Burn, alice, 500e18);
        assertEq(_redeemCall(500e18, "r1"), 0);
        assertEq(SpaceStablecoin(usd).totalSupply(), 500e18);
        assertEq(fiat.outflowToday(usd), 500e18);
        vm.warp(block.timestamp + 1 days);
        assertEq(fiat.outflowToday(usd), 0);
    }

    function test_redeemOverTheSingleLimitIsEscrowedAndQueued() public {
        _mint(1000e18, "m");
        _approve(501e18);
        vm.expectEmit(true, true, true, true, address(fiat));
        emit WithdrawalQueued(1, usd, alice, 501e18, "r1");
        assertEq(_redeemCall(501e18, "r1"), 1);
        assertEq(SpaceStablecoin(usd).balanceOf(address(fiat)), 501e18);
        assertEq(SpaceStablecoin(usd).totalSupply(), 1000e18);
        assertEq(fiat.outflowToday(usd), 0);
        (address token, address account, uint256 amount, bytes32 key, FiatStablecoinFactory.WithdrawalStatus st) =
            fiat.withdrawals(1);
        assertEq(token, usd);
        assertEq(account, alice);
        assertEq(amount, 501e18);
        assertEq(key, "r1");
        assertEq(uint8(st), uint8(FiatStablecoinFactory.WithdrawalStatus.Pending));
    }

    function test_redeemOverTheDailyLimitIsQueuedAndTheLimitResetsAtMidnightUtc() public {
        _mint(20_000e18, "m");
        for (uint256 i = 0; i < 10; i++) {
            assertEq(_redeem(500e18, bytes32(i + 100)), 0);
        }
        assertEq(fiat.outflowToday(usd), daily);
        assertEq(_redeem(1e18, "over"), 1);
        vm.warp((block.timestamp / 1 days + 1) * 1 days);
        assertEq(_redeem(1e18, "next-day"), 0);
        assertEq(fiat.outflowToday(usd), 1e18);
    }

    function test_redeemRevertsOnEveryInvalidInput() public {
        _mint(10e18, "m");
        vm.expectRevert(_unauthorized(alice, fiat.TREASURY_SIGNER_ROLE()));
        vm.prank(alice);
        fiat.redeem(usd, alice, 1, "r");
        vm.startPrank(signer);
        vm.expectRevert(abi.encodeWithSelector(FiatStablecoinFactory.UnknownStablecoin.selector, alice));
        fiat.redeem(alice, alice, 1, "r");
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        fiat.redeem(usd, address(0), 1, "r");
        vm.expectRevert(SpaceAccess.ZeroAmount.selector);
        fiat.redeem(usd, alice, 0, "r");
        vm.expectRevert("ERC20: insufficient allowance"); // the holder did not consent
        fiat.redeem(usd, alice, 1e18, "r");
        vm.stopPrank();
        _approve(1e18);
        vm.expectRevert(abi.encodeWithSelector(FiatStablecoinFactory.IdempotencyKeyUsed.selector, bytes32("m")));
        _redeemCall(1e18, "m");
    }

    function test_reviewerApprovesByBurningTheEscrow() public {
        _mint(1000e18, "m");
        _redeem(800e18, "big");
        vm.expectRevert(_unauthorized(alice, fiat.REVIEWER_ROLE()));
        vm.prank(alice);
        fiat.approveWithdrawal(1);
        vm.expectEmit(true, true, true, true, address(fiat));
        emit MintBurnLogged(2, "big", usd, FiatStablecoinFactory.Operation.Burn, alice, 800e18);
        vm.prank(reviewer);
        fiat.approveWithdrawal(1);
        assertEq(SpaceStablecoin(usd).totalSupply(), 200e18);
        assertEq(SpaceStablecoin(usd).balanceOf(address(fiat)), 0);
        vm.expectRevert(abi.encodeWithSelector(FiatStablecoinFactory.WithdrawalNotPending.selector, 1));
        vm.prank(reviewer);
        fiat.approveWithdrawal(1);
        vm.expectRevert(abi.encodeWithSelector(FiatStablecoinFactory.WithdrawalNotPending.selector, 1));
        vm.prank(reviewer);
        fiat.rejectWithdrawal(1);
    }

    function test_reviewerRejectsByReturningTheEscrow() public {
        _mint(1000e18, "m");
        _redeem(800e18, "big");
        vm.expectRevert(_unauthorized(alice, fiat.REVIEWER_ROLE()));
        vm.prank(alice);
        fiat.rejectWithdrawal(1);
        vm.prank(reviewer);
        fiat.rejectWithdrawal(1);
        assertEq(SpaceStablecoin(usd).balanceOf(alice), 1000e18);
        vm.expectRevert(abi.encodeWithSelector(FiatStablecoinFactory.WithdrawalNotPending.selector, 2));
        vm.prank(reviewer);
        fiat.rejectWithdrawal(2);
    }

    function test_deficitOverOnePercentPausesMintingUntilGovernanceResumes() public {
        _mint(1000e18, "m");
        // 1% short exactly: still fine.
        vm.prank(reconciler);
        fiat.attestReserves(usd, 990e18, "report-1");
        assertFalse(fiat.mintPaused(usd));
        // More than 1% short: paused.
        vm.expectEmit(true, true, true, true, address(fiat));
        emit MintingAutoPaused(usd);
        vm.prank(reconciler);
        fiat.attestReserves(usd, 990e18 - 1, "report-2");
        assertTrue(fiat.mintPaused(usd));
        vm.expectRevert(abi.encodeWithSelector(FiatStablecoinFactory.MintingPaused.selector, usd));
        _mint(1, "m2");
        // Resuming needs a healthy attestation.
        vm.expectRevert(
            abi.encodeWithSelector(FiatStablecoinFactory.ReserveDeficit.selector, usd, 990e18 - 1, 1000e18)
        );
        vm.prank(admin);
        fiat.resumeMinting(usd);
        vm.prank(reconciler);
        fiat.attestReserves(usd, 1000e18, "report-3");
        assertTrue(fiat.mintPaused(usd), "a healthy attestation does not resume by itself");
        vm.expectRevert(_unauthorized(alice, fiat.DEFAULT_ADMIN_ROLE()));
        vm.prank(alice);
        fiat.resumeMinting(usd);
        vm.prank(admin);
        fiat.resumeMinting(usd);
        _mint(1, "m2");
        // Redemptions stay open while minting is paused (they reduce the deficit).
        vm.prank(reconciler);
        fiat.attestReserves(usd, 0, "report-4");
        assertEq(_redeem(1e18, "r"), 0);
    }

    function test_attestAndResumeRevertForStrangersAndUnknownTokens() public {
        vm.expectRevert(_unauthorized(alice, fiat.RECONCILER_ROLE()));
        vm.prank(alice);
        fiat.attestReserves(usd, 1, "x");
        vm.expectRevert(abi.encodeWithSelector(FiatStablecoinFactory.UnknownStablecoin.selector, alice));
        vm.prank(reconciler);
        fiat.attestReserves(alice, 1, "x");
        vm.expectRevert(abi.encodeWithSelector(FiatStablecoinFactory.ReserveDeficit.selector, usd, 0, 0));
        vm.prank(admin);
        fiat.resumeMinting(usd); // no attestation yet
        vm.expectRevert(abi.encodeWithSelector(FiatStablecoinFactory.UnknownStablecoin.selector, alice));
        fiat.mintPaused(alice);
        vm.expectRevert(abi.encodeWithSelector(FiatStablecoinFactory.UnknownStablecoin.selector, alice));
        fiat.outflowToday(alice);
    }

    function test_pauseStopsMintAndRedeem() public {
        _mint(10e18, "m");
        vm.expectRevert(_unauthorized(alice, fiat.DEFAULT_ADMIN_ROLE()));
        vm.prank(alice);
        fiat.pause();
        vm.prank(admin);
        fiat.pause();
        vm.expectRevert(SpacePausable.EnforcedPause.selector);
        _mint(1, "m2");
        _approve(1);
        vm.expectRevert(SpacePausable.EnforcedPause.selector);
        _redeemCall(1, "r");
        vm.expectRevert(_unauthorized(alice, fiat.DEFAULT_ADMIN_ROLE()));
        vm.prank(alice);
        fiat.unpause();
        vm.prank(admin);
        fiat.unpause();
        _mint(1, "m2");
    }

    function test_setBridgeMinterLetsUsdCrossTheNativeBridge() public {
        address authority = makeAddr("bridgeAuthority");
        BridgeTokenFactory bridge = new BridgeTokenFactory(admin, authority);
        vm.expectRevert(_unauthorized(alice, fiat.DEFAULT_ADMIN_ROLE()));
        vm.prank(alice);
        fiat.setBridgeMinter(usd, address(bridge), true);
        vm.startPrank(admin);
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        fiat.setBridgeMinter(usd, address(0), true);
        vm.expectRevert(abi.encodeWithSelector(FiatStablecoinFactory.UnknownStablecoin.selector, alice));
        fiat.setBridgeMinter(alice, address(bridge), true);
        fiat.setBridgeMinter(usd, address(bridge), true);
        bridge.registerToken(usd);
        vm.stopPrank();
        vm.prank(authority);
        bridge.mint(usd, alice, 2e18, "dep");
        vm.prank(alice);
        bridge.bridgeToNative(usd, 2e18, "alice");
        assertEq(SpaceStablecoin(usd).totalSupply(), 0);
    }

    /// Any redemption either burns within both limits or is queued; the day's automatic outflow never exceeds them.
    function testFuzz_redeemRespectsLimits(uint256 a, uint256 b) public {
        a = bound(a, 1, 10_000e18);
        b = bound(b, 1, 10_000e18);
        _mint(a + b, "m");
        uint256 qa = _redeem(a, "a");
        uint256 qb = _redeem(b, "b");
        assertEq(qa == 0, a <= single);
        assertEq(qb == 0, b <= single && (qa == 0 ? a : 0) + b <= daily);
        assertLe(fiat.outflowToday(usd), daily);
    }

    /// The pause decision is exactly "deficit * 10000 > supply * 100".
    function testFuzz_autoPauseThreshold(uint256 supply, uint256 reserves) public {
        supply = bound(supply, 1, 1e36);
        reserves = bound(reserves, 0, 2e36);
        _mint(supply, "m");
        vm.prank(reconciler);
        fiat.attestReserves(usd, reserves, "r");
        uint256 deficit = supply > reserves ? supply - reserves : 0;
        assertEq(fiat.mintPaused(usd), deficit * 10_000 > supply * 100);
    }
}

/// Random mints, redemptions, attestations, reviews and day changes.
contract FiatHandler is Test {
    FiatStablecoinFactory internal fiat;
    address internal usd;
    address internal signer;
    address internal reconciler;
    address internal reviewer;
    address internal admin;
    address[2] internal holders = [address(0xA11CE), address(0xB0B)];
    uint256 internal keySeq;
    bool public mintedWhilePaused;
    uint256 public maxSingleAutoBurn;
    mapping(uint256 => uint256) public autoOutflowByDay;
    uint256 public maxDailyAutoOutflow;

    constructor(FiatStablecoinFactory f, address t, address s, address rc, address rv, address ad) {
        admin = ad;
        fiat = f;
        usd = t;
        signer = s;
        reconciler = rc;
        reviewer = rv;
    }

    function mint(uint256 h, uint256 amount) external {
        amount = bound(amount, 1, 3_000e18);
        bool paused = fiat.mintPaused(usd);
        vm.prank(signer);
        try fiat.mint(usd, holders[h % 2], amount, bytes32(++keySeq)) {
            if (paused) mintedWhilePaused = true;
        } catch {}
    }

    function redeem(uint256 h, uint256 amount) external {
        address holder = holders[h % 2];
        uint256 bal = SpaceStablecoin(usd).balanceOf(holder);
        if (bal == 0) return;
        amount = bound(amount, 1, bal);
        vm.prank(holder);
        SpaceStablecoin(usd).approve(address(fiat), amount);
        uint256 supplyBefore = SpaceStablecoin(usd).totalSupply();
        vm.prank(signer);
        uint256 q = fiat.redeem(usd, holder, amount, bytes32(++keySeq));
        if (q == 0) {
            uint256 burned = supplyBefore - SpaceStablecoin(usd).totalSupply();
            if (burned > maxSingleAutoBurn) maxSingleAutoBurn = burned;
            uint256 day = block.timestamp / 1 days;
            autoOutflowByDay[day] += burned;
            if (autoOutflowByDay[day] > maxDailyAutoOutflow) maxDailyAutoOutflow = autoOutflowByDay[day];
        }
    }

    function attest(uint256 shortfallBps) external {
        uint256 supply = SpaceStablecoin(usd).totalSupply();
        uint256 reserves = supply - (supply * bound(shortfallBps, 0, 300)) / 10_000;
        vm.prank(reconciler);
        fiat.attestReserves(usd, reserves, bytes32(++keySeq));
    }

    function review(uint256 id, bool approve) external {
        uint256 n = fiat.withdrawalCount();
        if (n == 0) return;
        id = bound(id, 1, n);
        (,,,, FiatStablecoinFactory.WithdrawalStatus st) = fiat.withdrawals(id);
        if (st != FiatStablecoinFactory.WithdrawalStatus.Pending) return;
        vm.prank(reviewer);
        if (approve) fiat.approveWithdrawal(id);
        else fiat.rejectWithdrawal(id);
    }

    function resume() external {
        vm.prank(admin);
        try fiat.resumeMinting(usd) {} catch {}
    }

    function nextHours(uint256 hoursAhead) external {
        vm.warp(block.timestamp + bound(hoursAhead, 1, 30) * 1 hours);
    }
}

contract FiatInvariantTest is StdInvariant, FiatFixture {
    FiatHandler internal handler;

    function setUp() public override {
        super.setUp();
        handler = new FiatHandler(fiat, usd, signer, reconciler, reviewer, admin);
        targetContract(address(handler));
    }

    /// Minting is impossible while auto-paused.
    function invariant_noMintWhilePaused() public view {
        assertFalse(handler.mintedWhilePaused());
    }

    /// No automatic (unreviewed) redemption exceeds $500, and no UTC day's automatic outflow exceeds $5,000.
    function invariant_outflowLimitsNeverExceeded() public view {
        assertLe(handler.maxSingleAutoBurn(), single);
        assertLe(handler.maxDailyAutoOutflow(), daily);
        assertLe(fiat.outflowToday(usd), daily);
    }

    /// Escrowed tokens equal the pending withdrawals.
    function invariant_escrowEqualsPendingWithdrawals() public view {
        uint256 pending = 0;
        uint256 n = fiat.withdrawalCount();
        for (uint256 i = 1; i <= n; i++) {
            (,, uint256 amount,, FiatStablecoinFactory.WithdrawalStatus st) = fiat.withdrawals(i);
            if (st == FiatStablecoinFactory.WithdrawalStatus.Pending) pending += amount;
        }
        assertEq(SpaceStablecoin(usd).balanceOf(address(fiat)), pending);
    }
}
