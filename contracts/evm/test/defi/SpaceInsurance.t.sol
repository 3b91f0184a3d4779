// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

import {Test} from "forge-std/Test.sol";
import {SpaceAccess} from "../../src/common/SpaceAccess.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SpaceParameters} from "spaceos-params/SpaceParameters.sol";
import {SpaceInsurance} from "../../src/defi/SpaceInsurance.sol";
import {AccessControlErrors} from "./utils/AccessControlErrors.sol";
import {
    MockERC20,
    RevertingToken,
    FalseReturningToken,
    RevertingViewsToken,
    RevertingBalanceToken
} from "./mocks/MockTokens.sol";

/// Unit and fuzz tests of SpaceInsurance (white paper §10.2).
contract SpaceInsuranceTest is Test {
    uint256 internal constant MIN_TIMEOUT = SpaceParameters.INSURANCE_MIN_TIMEOUT_S;
    uint256 internal constant MAX_TIMEOUT = SpaceParameters.INSURANCE_MAX_TIMEOUT_S;
    uint256 internal constant THRESHOLD = SpaceParameters.INSURANCE_GUARDIAN_THRESHOLD;
    uint256 internal constant MAX_GUARDIANS = SpaceParameters.INSURANCE_MAX_GUARDIANS;
    uint256 internal constant MAX_ASSETS = SpaceParameters.INSURANCE_MAX_PROTECTED_ASSETS;
    uint256 internal constant BPS = SpaceParameters.BPS_DENOMINATOR;
    uint256 internal constant PREMIUM_BPS = SpaceParameters.INSURANCE_PREMIUM_BPS;

    SpaceInsurance internal insurance;
    MockERC20 internal usds;
    MockERC20 internal usdcs;
    address internal admin = makeAddr("admin");
    address internal owner = makeAddr("owner");
    address internal heir = makeAddr("heir");
    address internal stranger = makeAddr("stranger");
    address[] internal guardians;

    event PolicyCreated(uint256 indexed id, address indexed owner, address indexed beneficiary, uint256 timeout);
    event BeneficiaryChanged(uint256 indexed id, address indexed beneficiary);
    event TimeoutChanged(uint256 indexed id, uint256 timeout);
    event GuardiansChanged(uint256 indexed id, address[] guardians);
    event AssetsChanged(uint256 indexed id, address[] assets);
    event ProofOfLife(uint256 indexed id, uint256 timestamp);
    event OverrideApproved(uint256 indexed id, address indexed guardian, uint256 approvals);
    event OverrideApprovalRevoked(uint256 indexed id, address indexed guardian, uint256 approvals);
    event OverrideTriggered(uint256 indexed id);
    event CoveragePurchased(uint256 indexed id, uint256 coverage, uint256 premium);
    event PoolFunded(address indexed from, uint256 amount);
    event PolicyCancelled(uint256 indexed id);
    event AssetSwept(uint256 indexed id, address indexed asset, uint256 amount);
    event AssetSweepFailed(uint256 indexed id, address indexed asset);
    event Claimed(
        uint256 indexed id, address indexed beneficiary, SpaceInsurance.ClaimTrigger trigger, uint256 payout
    );

    function setUp() public {
        vm.warp(1_700_000_000);
        usds = new MockERC20("USD.s", "USD.s", 18);
        usdcs = new MockERC20("USDC.s", "USDC.s", 6);
        insurance = new SpaceInsurance(admin, IERC20(address(usds)));
        for (uint256 i = 0; i < 4; ++i) {
            guardians.push(makeAddr(string.concat("guardian", vm.toString(i))));
        }
        usds.mint(owner, 1_000_000e18);
        usdcs.mint(owner, 1_000_000e6);
        usds.mint(admin, 1_000_000e18);
        vm.prank(owner);
        usds.approve(address(insurance), type(uint256).max);
        vm.prank(admin);
        usds.approve(address(insurance), type(uint256).max);
    }

    function _assets() internal view returns (address[] memory assets) {
        assets = new address[](2);
        assets[0] = address(usds);
        assets[1] = address(usdcs);
    }

    function _create() internal returns (uint256 id) {
        vm.prank(owner);
        id = insurance.createPolicy(heir, MIN_TIMEOUT, guardians, _assets());
    }

    function _approvals(uint256 id, uint256 n) internal {
        for (uint256 i = 0; i < n; ++i) {
            vm.prank(guardians[i]);
            insurance.approveOverride(id);
        }
    }

    function _one(address a) internal pure returns (address[] memory list) {
        list = new address[](1);
        list[0] = a;
    }

    // ------------------------------------------------------------ constructor and pool

    function test_constructorGrantsRolesAndSetsThePremiumToken() public view {
        assertTrue(insurance.hasRole(insurance.DEFAULT_ADMIN_ROLE(), admin));
        assertTrue(insurance.hasRole(insurance.POOL_MANAGER_ROLE(), admin));
        assertEq(address(insurance.premiumToken()), address(usds));
        assertEq(insurance.MIN_TIMEOUT(), MIN_TIMEOUT);
        assertEq(insurance.MAX_TIMEOUT(), MAX_TIMEOUT);
        assertEq(insurance.GUARDIAN_THRESHOLD(), THRESHOLD);
    }

    function test_constructorRejectsZeroAdmin() public {
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        new SpaceInsurance(address(0), IERC20(address(usds)));
    }

    function test_constructorRejectsZeroToken() public {
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        new SpaceInsurance(admin, IERC20(address(0)));
    }

    function test_poolManagerFundsThePool() public {
        vm.expectEmit(true, false, false, true, address(insurance));
        emit PoolFunded(admin, 500e18);
        vm.prank(admin);
        insurance.fundPool(500e18);
        assertEq(insurance.poolBalance(), 500e18);
        assertEq(usds.balanceOf(address(insurance)), 500e18);
    }

    function test_fundPoolRejectsNonManager() public {
        vm.expectRevert(AccessControlErrors.missingRole(owner, insurance.POOL_MANAGER_ROLE()));
        vm.prank(owner);
        insurance.fundPool(1);
    }

    function test_fundPoolRejectsZero() public {
        vm.expectRevert(SpaceAccess.ZeroAmount.selector);
        vm.prank(admin);
        insurance.fundPool(0);
    }

    // ------------------------------------------------------------ createPolicy

    function test_createPolicyRecordsEverything() public {
        vm.expectEmit(true, true, true, true, address(insurance));
        emit PolicyCreated(1, owner, heir, MIN_TIMEOUT);
        uint256 id = _create();
        assertEq(id, 1);
        assertEq(insurance.activePolicyOf(owner), 1);
        assertEq(insurance.policyCount(), 1);
        SpaceInsurance.Policy memory p = insurance.policyOf(id);
        assertEq(p.owner, owner);
        assertEq(p.beneficiary, heir);
        assertEq(p.timeout, MIN_TIMEOUT);
        assertEq(p.lastProofOfLife, block.timestamp);
        assertEq(uint8(p.status), uint8(SpaceInsurance.Status.Active));
        assertEq(p.guardians.length, 4);
        assertEq(p.assets.length, 2);
        assertTrue(insurance.isGuardian(id, guardians[3]));
        assertFalse(insurance.isGuardian(id, stranger));
        assertEq(insurance.claimableAt(id), block.timestamp + MIN_TIMEOUT);
    }

    function test_createPolicyWorksWithoutGuardiansOrAssets() public {
        vm.prank(owner);
        uint256 id = insurance.createPolicy(heir, MAX_TIMEOUT, new address[](0), new address[](0));
        assertEq(insurance.policyOf(id).guardians.length, 0);
        assertEq(insurance.claimableAt(id), block.timestamp + MAX_TIMEOUT);
    }

    function test_createPolicyRejectsASecondActivePolicy() public {
        _create();
        vm.expectRevert(abi.encodeWithSelector(SpaceInsurance.InsurancePolicyExists.selector, 1));
        _create();
    }

    function test_createPolicyRejectsATimeoutBelowThirtyDays() public {
        vm.expectRevert(abi.encodeWithSelector(SpaceInsurance.InsuranceInvalidTimeout.selector, MIN_TIMEOUT - 1));
        vm.prank(owner);
        insurance.createPolicy(heir, MIN_TIMEOUT - 1, guardians, _assets());
    }

    function test_createPolicyRejectsATimeoutAboveTenYears() public {
        vm.expectRevert(abi.encodeWithSelector(SpaceInsurance.InsuranceInvalidTimeout.selector, MAX_TIMEOUT + 1));
        vm.prank(owner);
        insurance.createPolicy(heir, MAX_TIMEOUT + 1, guardians, _assets());
    }

    function test_createPolicyRejectsTheZeroBeneficiary() public {
        vm.expectRevert(abi.encodeWithSelector(SpaceInsurance.InsuranceInvalidBeneficiary.selector, address(0)));
        vm.prank(owner);
        insurance.createPolicy(address(0), MIN_TIMEOUT, guardians, _assets());
    }

    function test_createPolicyRejectsTheOwnerAsBeneficiary() public {
        vm.expectRevert(abi.encodeWithSelector(SpaceInsurance.InsuranceInvalidBeneficiary.selector, owner));
        vm.prank(owner);
        insurance.createPolicy(owner, MIN_TIMEOUT, guardians, _assets());
    }

    function test_createPolicyRejectsAGuardianAsBeneficiary() public {
        vm.expectRevert(abi.encodeWithSelector(SpaceInsurance.InsuranceInvalidBeneficiary.selector, guardians[0]));
        vm.prank(owner);
        insurance.createPolicy(guardians[0], MIN_TIMEOUT, guardians, _assets());
    }

    function test_createPolicyRejectsFewerGuardiansThanTheThreshold() public {
        address[] memory two = new address[](THRESHOLD - 1);
        for (uint256 i = 0; i < two.length; ++i) {
            two[i] = guardians[i];
        }
        vm.expectRevert(abi.encodeWithSelector(SpaceInsurance.InsuranceInvalidGuardianCount.selector, THRESHOLD - 1));
        vm.prank(owner);
        insurance.createPolicy(heir, MIN_TIMEOUT, two, _assets());
    }

    function test_createPolicyRejectsTooManyGuardians() public {
        address[] memory many = new address[](MAX_GUARDIANS + 1);
        for (uint256 i = 0; i < many.length; ++i) {
            many[i] = address(uint160(0x1000 + i));
        }
        vm.expectRevert(
            abi.encodeWithSelector(SpaceInsurance.InsuranceInvalidGuardianCount.selector, MAX_GUARDIANS + 1)
        );
        vm.prank(owner);
        insurance.createPolicy(heir, MIN_TIMEOUT, many, _assets());
    }

    function test_createPolicyRejectsAZeroGuardian() public {
        address[] memory g = guardians;
        g[1] = address(0);
        vm.expectRevert(abi.encodeWithSelector(SpaceInsurance.InsuranceInvalidGuardian.selector, address(0)));
        vm.prank(owner);
        insurance.createPolicy(heir, MIN_TIMEOUT, g, _assets());
    }

    function test_createPolicyRejectsTheOwnerAsGuardian() public {
        address[] memory g = guardians;
        g[2] = owner;
        vm.expectRevert(abi.encodeWithSelector(SpaceInsurance.InsuranceInvalidGuardian.selector, owner));
        vm.prank(owner);
        insurance.createPolicy(heir, MIN_TIMEOUT, g, _assets());
    }

    function test_createPolicyRejectsADuplicateGuardian() public {
        address[] memory g = guardians;
        g[3] = g[0];
        vm.expectRevert(abi.encodeWithSelector(SpaceInsurance.InsuranceInvalidGuardian.selector, g[0]));
        vm.prank(owner);
        insurance.createPolicy(heir, MIN_TIMEOUT, g, _assets());
    }

    function test_createPolicyRejectsTooManyAssets() public {
        address[] memory many = new address[](MAX_ASSETS + 1);
        for (uint256 i = 0; i < many.length; ++i) {
            many[i] = address(uint160(0x1000 + i));
        }
        vm.expectRevert(abi.encodeWithSelector(SpaceInsurance.InsuranceTooManyAssets.selector, MAX_ASSETS + 1));
        vm.prank(owner);
        insurance.createPolicy(heir, MIN_TIMEOUT, guardians, many);
    }

    function test_createPolicyRejectsAZeroAsset() public {
        vm.expectRevert(abi.encodeWithSelector(SpaceInsurance.InsuranceInvalidAsset.selector, address(0)));
        vm.prank(owner);
        insurance.createPolicy(heir, MIN_TIMEOUT, guardians, new address[](1));
    }

    function test_createPolicyRejectsADuplicateAsset() public {
        address[] memory a = _assets();
        a[1] = a[0];
        vm.expectRevert(abi.encodeWithSelector(SpaceInsurance.InsuranceInvalidAsset.selector, a[0]));
        vm.prank(owner);
        insurance.createPolicy(heir, MIN_TIMEOUT, guardians, a);
    }

    // ------------------------------------------------------------ proof of life and owner updates

    function test_pingRestartsTheTimeout() public {
        uint256 id = _create();
        vm.warp(block.timestamp + MIN_TIMEOUT - 1);
        vm.expectEmit(true, false, false, true, address(insurance));
        emit ProofOfLife(id, block.timestamp);
        vm.prank(owner);
        insurance.ping();
        assertEq(insurance.claimableAt(id), block.timestamp + MIN_TIMEOUT);
        vm.warp(block.timestamp + MIN_TIMEOUT - 1);
        vm.expectRevert(
            abi.encodeWithSelector(SpaceInsurance.InsuranceTimeoutNotReached.selector, block.timestamp + 1)
        );
        vm.prank(heir);
        insurance.claim(id);
    }

    function test_pingDiscardsPendingGuardianApprovals() public {
        uint256 id = _create();
        _approvals(id, THRESHOLD - 1);
        assertTrue(insurance.hasApproved(id, guardians[0]));
        vm.prank(owner);
        insurance.ping();
        assertFalse(insurance.hasApproved(id, guardians[0]));
        assertEq(insurance.policyOf(id).approvals, 0);
        // Two fresh approvals are not enough after the reset.
        _approvals(id, THRESHOLD - 1);
        assertEq(uint8(insurance.policyOf(id).status), uint8(SpaceInsurance.Status.Active));
    }

    function test_pingRejectsAnOwnerWithoutAPolicy() public {
        vm.expectRevert(SpaceInsurance.InsurancePolicyNotFound.selector);
        vm.prank(stranger);
        insurance.ping();
    }

    function test_pingRejectsATriggeredPolicy() public {
        uint256 id = _create();
        _approvals(id, THRESHOLD);
        vm.expectRevert(
            abi.encodeWithSelector(SpaceInsurance.InsuranceInvalidStatus.selector, SpaceInsurance.Status.Triggered)
        );
        vm.prank(owner);
        insurance.ping();
    }

    function test_setBeneficiaryChangesWhoClaims() public {
        uint256 id = _create();
        vm.expectEmit(true, true, false, false, address(insurance));
        emit BeneficiaryChanged(id, stranger);
        vm.prank(owner);
        insurance.setBeneficiary(stranger);
        assertEq(insurance.policyOf(id).beneficiary, stranger);
        vm.warp(block.timestamp + MIN_TIMEOUT);
        vm.expectRevert(abi.encodeWithSelector(SpaceInsurance.InsuranceNotBeneficiary.selector, heir));
        vm.prank(heir);
        insurance.claim(id);
        vm.prank(stranger);
        insurance.claim(id);
    }

    function test_setBeneficiaryRejectsAGuardian() public {
        _create();
        vm.expectRevert(abi.encodeWithSelector(SpaceInsurance.InsuranceInvalidBeneficiary.selector, guardians[0]));
        vm.prank(owner);
        insurance.setBeneficiary(guardians[0]);
    }

    function test_setBeneficiaryRejectsAnOwnerWithoutAPolicy() public {
        vm.expectRevert(SpaceInsurance.InsurancePolicyNotFound.selector);
        vm.prank(stranger);
        insurance.setBeneficiary(heir);
    }

    function test_setTimeoutChangesTheDeadline() public {
        uint256 id = _create();
        vm.expectEmit(true, false, false, true, address(insurance));
        emit TimeoutChanged(id, MAX_TIMEOUT);
        vm.prank(owner);
        insurance.setTimeout(MAX_TIMEOUT);
        assertEq(insurance.claimableAt(id), block.timestamp + MAX_TIMEOUT);
    }

    function test_setTimeoutRejectsAnOutOfRangeValue() public {
        _create();
        vm.expectRevert(abi.encodeWithSelector(SpaceInsurance.InsuranceInvalidTimeout.selector, 0));
        vm.prank(owner);
        insurance.setTimeout(0);
    }

    function test_setTimeoutRejectsAnOwnerWithoutAPolicy() public {
        vm.expectRevert(SpaceInsurance.InsurancePolicyNotFound.selector);
        vm.prank(stranger);
        insurance.setTimeout(MIN_TIMEOUT);
    }

    function test_setGuardiansReplacesTheSet() public {
        uint256 id = _create();
        address[] memory fresh = new address[](3);
        fresh[0] = makeAddr("g-a");
        fresh[1] = makeAddr("g-b");
        fresh[2] = makeAddr("g-c");
        vm.expectEmit(true, false, false, true, address(insurance));
        emit GuardiansChanged(id, fresh);
        vm.prank(owner);
        insurance.setGuardians(fresh);
        assertFalse(insurance.isGuardian(id, guardians[0]));
        assertTrue(insurance.isGuardian(id, fresh[2]));
        vm.expectRevert(abi.encodeWithSelector(SpaceInsurance.InsuranceNotGuardian.selector, guardians[0]));
        vm.prank(guardians[0]);
        insurance.approveOverride(id);
    }

    function test_setGuardiansAcceptsAnEmptySet() public {
        uint256 id = _create();
        vm.prank(owner);
        insurance.setGuardians(new address[](0));
        assertEq(insurance.policyOf(id).guardians.length, 0);
    }

    function test_setGuardiansRejectsTheBeneficiary() public {
        _create();
        address[] memory g = guardians;
        g[0] = heir;
        vm.expectRevert(abi.encodeWithSelector(SpaceInsurance.InsuranceInvalidGuardian.selector, heir));
        vm.prank(owner);
        insurance.setGuardians(g);
    }

    function test_setGuardiansRejectsAnOwnerWithoutAPolicy() public {
        vm.expectRevert(SpaceInsurance.InsurancePolicyNotFound.selector);
        vm.prank(stranger);
        insurance.setGuardians(guardians);
    }

    function test_setAssetsReplacesTheList() public {
        uint256 id = _create();
        vm.expectEmit(true, false, false, true, address(insurance));
        emit AssetsChanged(id, _one(address(usdcs)));
        vm.prank(owner);
        insurance.setAssets(_one(address(usdcs)));
        SpaceInsurance.Policy memory p = insurance.policyOf(id);
        assertEq(p.assets.length, 1);
        assertEq(p.assets[0], address(usdcs));
    }

    function test_setAssetsRejectsTooMany() public {
        _create();
        address[] memory many = new address[](MAX_ASSETS + 1);
        vm.expectRevert(abi.encodeWithSelector(SpaceInsurance.InsuranceTooManyAssets.selector, MAX_ASSETS + 1));
        vm.prank(owner);
        insurance.setAssets(many);
    }

    function test_setAssetsRejectsAnOwnerWithoutAPolicy() public {
        vm.expectRevert(SpaceInsurance.InsurancePolicyNotFound.selector);
        vm.prank(stranger);
        insurance.setAssets(new address[](0));
    }

    // ------------------------------------------------------------ coverage

    function test_buyCoveragePaysThePremiumIntoThePool() public {
        uint256 id = _create();
        uint256 premium = 1000e18 * PREMIUM_BPS / BPS;
        vm.expectEmit(true, false, false, true, address(insurance));
        emit CoveragePurchased(id, 1000e18, premium);
        vm.prank(owner);
        assertEq(insurance.buyCoverage(1000e18), premium);
        assertEq(insurance.poolBalance(), premium);
        assertEq(insurance.outstandingCoverage(), 1000e18);
        assertEq(insurance.policyOf(id).coverage, 1000e18);
        assertEq(usds.balanceOf(address(insurance)), premium);
    }

    function test_buyCoverageRejectsZero() public {
        _create();
        vm.expectRevert(SpaceAccess.ZeroAmount.selector);
        vm.prank(owner);
        insurance.buyCoverage(0);
    }

    function test_buyCoverageRejectsAnOwnerWithoutAPolicy() public {
        vm.expectRevert(SpaceInsurance.InsurancePolicyNotFound.selector);
        vm.prank(stranger);
        insurance.buyCoverage(1e18);
    }

    // ------------------------------------------------------------ cancel

    function test_cancelForfeitsCoverageAndAllowsANewPolicy() public {
        uint256 id = _create();
        vm.prank(owner);
        insurance.buyCoverage(1000e18);
        uint256 pool = insurance.poolBalance();
        vm.expectEmit(true, false, false, false, address(insurance));
        emit PolicyCancelled(id);
        vm.prank(owner);
        insurance.cancelPolicy();
        assertEq(uint8(insurance.policyOf(id).status), uint8(SpaceInsurance.Status.Cancelled));
        assertEq(insurance.outstandingCoverage(), 0);
        assertEq(insurance.poolBalance(), pool);
        assertEq(insurance.activePolicyOf(owner), 0);
        vm.expectRevert(
            abi.encodeWithSelector(SpaceInsurance.InsuranceInvalidStatus.selector, SpaceInsurance.Status.Cancelled)
        );
        vm.prank(heir);
        insurance.claim(id);
        assertEq(_create(), 2);
        // Guardians of the old policy have no say over the new one's fresh round.
        assertFalse(insurance.hasApproved(2, guardians[0]));
    }

    function test_cancelRejectsAnOwnerWithoutAPolicy() public {
        vm.expectRevert(SpaceInsurance.InsurancePolicyNotFound.selector);
        vm.prank(stranger);
        insurance.cancelPolicy();
    }

    // ------------------------------------------------------------ guardians

    function test_thirdGuardianApprovalTriggersTheOverride() public {
        uint256 id = _create();
        _approvals(id, THRESHOLD - 1);
        vm.expectEmit(true, true, false, true, address(insurance));
        emit OverrideApproved(id, guardians[THRESHOLD - 1], THRESHOLD);
        vm.expectEmit(true, false, false, false, address(insurance));
        emit OverrideTriggered(id);
        vm.prank(guardians[THRESHOLD - 1]);
        insurance.approveOverride(id);
        assertEq(uint8(insurance.policyOf(id).status), uint8(SpaceInsurance.Status.Triggered));
    }

    function test_approveOverrideRejectsAStranger() public {
        uint256 id = _create();
        vm.expectRevert(abi.encodeWithSelector(SpaceInsurance.InsuranceNotGuardian.selector, stranger));
        vm.prank(stranger);
        insurance.approveOverride(id);
    }

    function test_approveOverrideRejectsADoubleApproval() public {
        uint256 id = _create();
        _approvals(id, 1);
        vm.expectRevert(abi.encodeWithSelector(SpaceInsurance.InsuranceAlreadyApproved.selector, guardians[0]));
        vm.prank(guardians[0]);
        insurance.approveOverride(id);
    }

    function test_approveOverrideRejectsAnUnknownPolicy() public {
        vm.expectRevert(SpaceInsurance.InsurancePolicyNotFound.selector);
        vm.prank(guardians[0]);
        insurance.approveOverride(42);
    }

    function test_approveOverrideRejectsATriggeredPolicy() public {
        uint256 id = _create();
        _approvals(id, THRESHOLD);
        vm.expectRevert(
            abi.encodeWithSelector(SpaceInsurance.InsuranceInvalidStatus.selector, SpaceInsurance.Status.Triggered)
        );
        vm.prank(guardians[THRESHOLD]);
        insurance.approveOverride(id);
    }

    function test_guardianWithdrawsAnApproval() public {
        uint256 id = _create();
        _approvals(id, 2);
        vm.expectEmit(true, true, false, true, address(insurance));
        emit OverrideApprovalRevoked(id, guardians[1], 1);
        vm.prank(guardians[1]);
        insurance.revokeOverrideApproval(id);
        assertFalse(insurance.hasApproved(id, guardians[1]));
        assertEq(insurance.policyOf(id).approvals, 1);
    }

    function test_revokeOverrideApprovalRejectsAStranger() public {
        uint256 id = _create();
        vm.expectRevert(abi.encodeWithSelector(SpaceInsurance.InsuranceNotGuardian.selector, stranger));
        vm.prank(stranger);
        insurance.revokeOverrideApproval(id);
    }

    function test_revokeOverrideApprovalRejectsAnUnknownPolicy() public {
        vm.expectRevert(SpaceInsurance.InsurancePolicyNotFound.selector);
        vm.prank(guardians[0]);
        insurance.revokeOverrideApproval(42);
    }

    function test_revokeOverrideApprovalRejectsATriggeredPolicy() public {
        uint256 id = _create();
        _approvals(id, THRESHOLD);
        vm.expectRevert(
            abi.encodeWithSelector(SpaceInsurance.InsuranceInvalidStatus.selector, SpaceInsurance.Status.Triggered)
        );
        vm.prank(guardians[0]);
        insurance.revokeOverrideApproval(id);
    }

    function test_revokeOverrideApprovalRejectsAGuardianWithoutApproval() public {
        uint256 id = _create();
        vm.expectRevert(abi.encodeWithSelector(SpaceInsurance.InsuranceNotApproved.selector, guardians[0]));
        vm.prank(guardians[0]);
        insurance.revokeOverrideApproval(id);
    }

    // ------------------------------------------------------------ claim

    function test_claimAfterTheTimeoutSweepsAllowancesAndPaysCoverage() public {
        uint256 id = _create();
        vm.prank(owner);
        insurance.buyCoverage(10_000e18); // premium 100e18 into the pool
        vm.prank(admin);
        insurance.fundPool(50_000e18);
        vm.prank(owner);
        usdcs.approve(address(insurance), 400e6); // less than the balance: only the allowance moves
        uint256 ownerUsds = usds.balanceOf(owner);

        vm.warp(block.timestamp + MIN_TIMEOUT);
        vm.expectEmit(true, true, false, true, address(insurance));
        emit AssetSwept(id, address(usds), ownerUsds);
        vm.expectEmit(true, true, false, true, address(insurance));
        emit AssetSwept(id, address(usdcs), 400e6);
        vm.expectEmit(true, true, false, true, address(insurance));
        emit Claimed(id, heir, SpaceInsurance.ClaimTrigger.Timeout, 10_000e18);
        vm.prank(heir);
        uint256 payout = insurance.claim(id);

        assertEq(payout, 10_000e18);
        assertEq(usds.balanceOf(heir), ownerUsds + 10_000e18);
        assertEq(usdcs.balanceOf(heir), 400e6);
        assertEq(usds.balanceOf(owner), 0);
        assertEq(insurance.poolBalance(), 50_100e18 - 10_000e18);
        assertEq(insurance.outstandingCoverage(), 0);
        assertEq(insurance.activePolicyOf(owner), 0);
        assertEq(uint8(insurance.policyOf(id).status), uint8(SpaceInsurance.Status.Claimed));
    }

    function test_payoutIsCappedByThePoolBalance() public {
        _create();
        vm.prank(owner);
        insurance.buyCoverage(10_000e18);
        vm.prank(owner);
        insurance.setAssets(new address[](0));
        vm.warp(block.timestamp + MIN_TIMEOUT);
        vm.prank(heir);
        uint256 payout = insurance.claim(1);
        assertEq(payout, insurance.premiumFor(10_000e18));
        assertEq(insurance.poolBalance(), 0);
        assertEq(usds.balanceOf(address(insurance)), 0);
    }

    function test_claimBeforeTheTimeoutFails() public {
        uint256 id = _create();
        vm.warp(block.timestamp + MIN_TIMEOUT - 1);
        vm.expectRevert(
            abi.encodeWithSelector(SpaceInsurance.InsuranceTimeoutNotReached.selector, block.timestamp + 1)
        );
        vm.prank(heir);
        insurance.claim(id);
    }

    function test_claimByAnyoneButTheBeneficiaryFails() public {
        uint256 id = _create();
        vm.warp(block.timestamp + MIN_TIMEOUT);
        vm.expectRevert(abi.encodeWithSelector(SpaceInsurance.InsuranceNotBeneficiary.selector, guardians[0]));
        vm.prank(guardians[0]);
        insurance.claim(id);
    }

    function test_guardianOverrideLetsTheBeneficiaryClaimAtOnce() public {
        uint256 id = _create();
        _approvals(id, THRESHOLD);
        vm.expectEmit(true, true, false, true, address(insurance));
        emit Claimed(id, heir, SpaceInsurance.ClaimTrigger.GuardianOverride, 0);
        vm.prank(heir);
        insurance.claim(id);
        assertEq(usds.balanceOf(owner), 0);
    }

    function test_aClaimedPolicyCannotBeClaimedTwice() public {
        uint256 id = _create();
        _approvals(id, THRESHOLD);
        vm.startPrank(heir);
        insurance.claim(id);
        vm.expectRevert(
            abi.encodeWithSelector(SpaceInsurance.InsuranceInvalidStatus.selector, SpaceInsurance.Status.Claimed)
        );
        insurance.claim(id);
        vm.stopPrank();
    }

    function test_claimRejectsAnUnknownPolicy() public {
        vm.expectRevert(
            abi.encodeWithSelector(SpaceInsurance.InsuranceInvalidStatus.selector, SpaceInsurance.Status.None)
        );
        vm.prank(heir);
        insurance.claim(7);
    }

    function test_aBrokenTokenCannotBlockTheClaim() public {
        RevertingToken reverting = new RevertingToken();
        FalseReturningToken falsy = new FalseReturningToken();
        RevertingViewsToken noViews = new RevertingViewsToken();
        RevertingBalanceToken noBalance = new RevertingBalanceToken();
        address[] memory a = new address[](5);
        a[0] = address(reverting);
        a[1] = address(falsy);
        a[2] = address(noViews);
        a[3] = address(noBalance);
        a[4] = address(usds);
        reverting.mint(owner, 1e18);
        falsy.mint(owner, 1e18);
        vm.startPrank(owner);
        reverting.approve(address(insurance), 1e18);
        falsy.approve(address(insurance), 1e18);
        noBalance.approve(address(insurance), 1e18);
        uint256 id = insurance.createPolicy(heir, MIN_TIMEOUT, guardians, a);
        vm.stopPrank();
        vm.warp(block.timestamp + MIN_TIMEOUT);
        for (uint256 i = 0; i < 4; ++i) {
            vm.expectEmit(true, true, false, false, address(insurance));
            emit AssetSweepFailed(id, a[i]);
        }
        vm.prank(heir);
        insurance.claim(id);
        assertEq(usds.balanceOf(owner), 0);
        assertGt(usds.balanceOf(heir), 0);
    }

    function test_aTokenWithoutAllowanceIsSkippedSilently() public {
        vm.prank(owner);
        uint256 id = insurance.createPolicy(heir, MIN_TIMEOUT, guardians, _one(address(usdcs)));
        vm.warp(block.timestamp + MIN_TIMEOUT);
        vm.recordLogs();
        vm.prank(heir);
        insurance.claim(id);
        assertEq(vm.getRecordedLogs().length, 1); // only Claimed
        assertEq(usdcs.balanceOf(owner), 1_000_000e6);
    }

    // ------------------------------------------------------------ views

    function test_claimableAtRejectsAnUnknownPolicy() public {
        vm.expectRevert(SpaceInsurance.InsurancePolicyNotFound.selector);
        insurance.claimableAt(1);
    }

    // ------------------------------------------------------------ fuzz

    /// Only timeouts within [30 days, 10 years] are accepted.
    function testFuzz_timeoutBounds(uint256 timeout) public {
        if (timeout < MIN_TIMEOUT || timeout > MAX_TIMEOUT) {
            vm.expectRevert(abi.encodeWithSelector(SpaceInsurance.InsuranceInvalidTimeout.selector, timeout));
        }
        vm.prank(owner);
        insurance.createPolicy(heir, timeout, new address[](0), new address[](0));
    }

    /// The beneficiary can claim exactly from last proof of life + timeout on, never a second earlier.
    function testFuzz_claimUnlocksExactlyAtTheTimeout(uint256 timeout, uint256 elapsed) public {
        timeout = bound(timeout, MIN_TIMEOUT, MAX_TIMEOUT);
        elapsed = bound(elapsed, 0, MAX_TIMEOUT * 2);
        vm.prank(owner);
        uint256 id = insurance.createPolicy(heir, timeout, new address[](0), new address[](0));
        uint256 start = block.timestamp;
        vm.warp(start + elapsed);
        if (elapsed < timeout) {
            vm.expectRevert(
                abi.encodeWithSelector(SpaceInsurance.InsuranceTimeoutNotReached.selector, start + timeout)
            );
        }
        vm.prank(heir);
        insurance.claim(id);
    }

    /// The premium is the smallest amount >= PREMIUM_BPS of the coverage.
    function testFuzz_premiumRoundsUp(uint256 coverage) public view {
        coverage = bound(coverage, 0, type(uint128).max);
        uint256 premium = insurance.premiumFor(coverage);
        assertGe(premium * BPS, coverage * PREMIUM_BPS);
        if (premium > 0) assertLt((premium - 1) * BPS, coverage * PREMIUM_BPS);
    }

    /// The payout is min(coverage, pool), and the pool stays backed by the contract's balance.
    function testFuzz_payoutIsMinOfCoverageAndPool(uint256 coverage, uint256 funding) public {
        coverage = bound(coverage, 1, 100_000e18);
        funding = bound(funding, 0, 100_000e18);
        vm.prank(owner);
        uint256 id = insurance.createPolicy(heir, MIN_TIMEOUT, new address[](0), new address[](0));
        vm.prank(owner);
        uint256 premium = insurance.buyCoverage(coverage);
        if (funding > 0) {
            vm.prank(admin);
            insurance.fundPool(funding);
        }
        vm.warp(block.timestamp + MIN_TIMEOUT);
        vm.prank(heir);
        uint256 payout = insurance.claim(id);
        uint256 pool = premium + funding;
        assertEq(payout, coverage < pool ? coverage : pool);
        assertEq(usds.balanceOf(heir), payout);
        assertEq(usds.balanceOf(address(insurance)), insurance.poolBalance());
    }
}
