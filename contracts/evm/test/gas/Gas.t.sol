// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

import {Test} from "forge-std/Test.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SpaceParameters} from "spaceos-params/SpaceParameters.sol";
import {BridgeTokenFactory} from "../../src/bridge/BridgeTokenFactory.sol";
import {NativeBridge} from "../../src/bridge/NativeBridge.sol";
import {FiatStablecoinFactory} from "../../src/fiat/FiatStablecoinFactory.sol";
import {SpaceStablecoin} from "../../src/tokens/SpaceStablecoin.sol";
import {SpaceVault} from "../../src/defi/SpaceVault.sol";
import {SpaceInsurance} from "../../src/defi/SpaceInsurance.sol";
import {SpaceIdentityRegistry} from "../../src/defi/SpaceIdentityRegistry.sol";
import {SpaceRWAFactory} from "../../src/defi/SpaceRWAFactory.sol";
import {SpaceRWAToken} from "../../src/defi/SpaceRWAToken.sol";
import {SpaceFaucet} from "../../src/staking/SpaceFaucet.sol";
import {SpaceStaking} from "../../src/staking/SpaceStaking.sol";
import {SpaceProviderBond} from "../../src/staking/SpaceProviderBond.sol";
import {InferenceSettlement} from "../../src/settlement/InferenceSettlement.sol";

/// @dev The ERC-20 baseline: a plain OpenZeppelin 4.9 token, measured in the same run.
contract BaselineToken is ERC20 {
    constructor(address holder) ERC20("Baseline", "BASE") {
        _mint(holder, 1_000_000 ether);
    }
}

/// @title Gas benchmark (owned by the EVM-SDK helper; `npm run bench:gas`)
/// @notice One test per main action of every contract. Each records the gas of exactly that call with
///         `vm.snapshotGasLastCall("gas", "<Contract>.<action>")` into snapshots/gas.json; run with `--isolate` so each
///         call is its own transaction (intrinsic gas, cold storage) like on chain. Setup calls come first, so the
///         measured call is always the last one before the snapshot.
contract GasBenchmark is Test {
    address internal admin = makeAddr("admin");
    address internal user = makeAddr("user");
    address internal other = makeAddr("other");
    address internal provider = makeAddr("provider");
    address internal modelOwner = makeAddr("modelOwner");

    BaselineToken internal baseline;
    FiatStablecoinFactory internal fiat;
    BridgeTokenFactory internal bridge;
    NativeBridge internal nativeBridge;
    SpaceStablecoin internal usd;
    SpaceStablecoin internal usdt;
    SpaceVault internal vault;
    SpaceInsurance internal insurance;
    SpaceIdentityRegistry internal registry;
    SpaceRWAFactory internal rwaFactory;
    SpaceFaucet internal faucet;
    SpaceStaking internal staking;
    SpaceProviderBond internal bond;
    InferenceSettlement internal settlement;

    function setUp() public {
        // Runs only under `npm run bench:gas` (SPACEOS_BENCH_GAS=true, --isolate): a plain `forge test` would record
        // non-isolated figures over the committed snapshot.
        vm.skip(!vm.envOr("SPACEOS_BENCH_GAS", false));
        vm.deal(admin, 1_000_000 ether);
        vm.deal(user, 1_000_000 ether);
        baseline = new BaselineToken(user);
        vm.startPrank(admin);
        fiat = new FiatStablecoinFactory(admin, admin, admin, admin);
        usd = SpaceStablecoin(fiat.createStablecoin("SPACE OS USD", "USD.s"));
        bridge = new BridgeTokenFactory(admin, admin);
        usdt = SpaceStablecoin(bridge.createToken("Bridged Tether", "USDT.s", 6));
        fiat.setBridgeMinter(address(usd), address(bridge), true);
        bridge.registerToken(address(usd));
        nativeBridge = new NativeBridge(admin);
        address[] memory assets = new address[](2);
        assets[0] = address(usd);
        assets[1] = address(usdt);
        vault = new SpaceVault(admin, admin, assets);
        insurance = new SpaceInsurance(admin, IERC20(address(usd)));
        registry = new SpaceIdentityRegistry(admin, admin);
        rwaFactory = new SpaceRWAFactory(admin, registry);
        faucet = new SpaceFaucet(admin);
        (bool ok,) = address(faucet).call{value: 10_000 ether}("");
        require(ok, "fund faucet");
        staking = new SpaceStaking(admin);
        staking.fundRewards{value: 10_000 ether}();
        bond = new SpaceProviderBond(admin, admin, admin);
        settlement = new InferenceSettlement(admin, admin, admin, admin, address(usd));
        bridge.mint(address(usd), user, 100_000 ether, keccak256("usd"));
        bridge.mint(address(usdt), user, 100_000e6, keccak256("usdt"));
        vm.stopPrank();
    }

    // ---- deployment -----------------------------------------------------------------------------------------------
    // Creation is measured as a gas region (execution of the constructor + code deposit), without the 21,000 intrinsic
    // gas and calldata cost a real deployment transaction adds.

    function test_gas_deploy() public {
        address[] memory assets = new address[](1);
        assets[0] = address(usd);
        vm.startPrank(admin);
        vm.startSnapshotGas("gas", "deploy.Baseline.ERC20");
        new BaselineToken(admin);
        vm.stopSnapshotGas();
        vm.startSnapshotGas("gas", "deploy.FiatStablecoinFactory");
        new FiatStablecoinFactory(admin, admin, admin, admin);
        vm.stopSnapshotGas();
        vm.startSnapshotGas("gas", "deploy.BridgeTokenFactory");
        new BridgeTokenFactory(admin, admin);
        vm.stopSnapshotGas();
        vm.startSnapshotGas("gas", "deploy.NativeBridge");
        new NativeBridge(admin);
        vm.stopSnapshotGas();
        vm.startSnapshotGas("gas", "deploy.SpaceVault");
        new SpaceVault(admin, admin, assets);
        vm.stopSnapshotGas();
        vm.startSnapshotGas("gas", "deploy.SpaceInsurance");
        new SpaceInsurance(admin, IERC20(address(usd)));
        vm.stopSnapshotGas();
        vm.startSnapshotGas("gas", "deploy.SpaceIdentityRegistry");
        new SpaceIdentityRegistry(admin, admin);
        vm.stopSnapshotGas();
        vm.startSnapshotGas("gas", "deploy.SpaceRWAFactory");
        new SpaceRWAFactory(admin, registry);
        vm.stopSnapshotGas();
        vm.startSnapshotGas("gas", "deploy.SpaceFaucet");
        new SpaceFaucet(admin);
        vm.stopSnapshotGas();
        vm.startSnapshotGas("gas", "deploy.SpaceStaking");
        new SpaceStaking(admin);
        vm.stopSnapshotGas();
        vm.startSnapshotGas("gas", "deploy.SpaceProviderBond");
        new SpaceProviderBond(admin, admin, admin);
        vm.stopSnapshotGas();
        vm.startSnapshotGas("gas", "deploy.InferenceSettlement");
        new InferenceSettlement(admin, admin, admin, admin, address(usd));
        vm.stopSnapshotGas();
        vm.stopPrank();
    }

    // ---- baseline -------------------------------------------------------------------------------------------------

    function test_gas_ERC20_transfer() public {
        vm.prank(user);
        baseline.transfer(other, 1 ether);
        vm.snapshotGasLastCall("gas", "Baseline.ERC20.transfer");
    }

    // ---- bridge ---------------------------------------------------------------------------------------------------

    function test_gas_BridgeTokenFactory_mint() public {
        vm.prank(admin);
        bridge.mint(address(usdt), other, 25e6, keccak256("deposit"));
        vm.snapshotGasLastCall("gas", "BridgeTokenFactory.mint");
    }

    function test_gas_BridgeTokenFactory_bridgeToNative() public {
        vm.prank(user);
        bridge.bridgeToNative(address(usdt), 25e6, "alice.space");
        vm.snapshotGasLastCall("gas", "BridgeTokenFactory.bridgeToNative");
    }

    function test_gas_BridgedToken_transfer() public {
        vm.prank(user);
        usdt.transfer(other, 1e6);
        vm.snapshotGasLastCall("gas", "SpaceStablecoin.transfer");
    }

    function test_gas_NativeBridge_bridgeToNative() public {
        vm.prank(user);
        nativeBridge.bridgeToNative{value: 1 ether}("alice.space");
        vm.snapshotGasLastCall("gas", "NativeBridge.bridgeToNative");
    }

    // ---- fiat -----------------------------------------------------------------------------------------------------

    function test_gas_FiatStablecoinFactory_mint() public {
        vm.prank(admin);
        fiat.mint(address(usd), other, 100 ether, keccak256("mint-1"));
        vm.snapshotGasLastCall("gas", "FiatStablecoinFactory.mint");
    }

    function test_gas_FiatStablecoinFactory_redeem() public {
        vm.prank(user);
        usd.approve(address(fiat), 100 ether);
        vm.prank(admin);
        fiat.redeem(address(usd), user, 100 ether, keccak256("redeem-1"));
        vm.snapshotGasLastCall("gas", "FiatStablecoinFactory.redeem");
    }

    function test_gas_FiatStablecoinFactory_attestReserves() public {
        vm.prank(admin);
        fiat.attestReserves(address(usd), 1_000_000 ether, keccak256("report"));
        vm.snapshotGasLastCall("gas", "FiatStablecoinFactory.attestReserves");
    }

    // ---- vault ----------------------------------------------------------------------------------------------------

    function _deposit() internal {
        vm.startPrank(user);
        usd.approve(address(vault), type(uint256).max);
        vault.deposit(address(usd), 1_000 ether);
        vm.stopPrank();
    }

    function test_gas_SpaceVault_deposit() public {
        vm.prank(user);
        usd.approve(address(vault), type(uint256).max);
        vm.prank(user);
        vault.deposit(address(usd), 1_000 ether);
        vm.snapshotGasLastCall("gas", "SpaceVault.deposit");
    }

    function test_gas_SpaceVault_borrow() public {
        _deposit();
        vm.prank(user);
        vault.borrow(address(usd), 500 ether);
        vm.snapshotGasLastCall("gas", "SpaceVault.borrow");
    }

    function test_gas_SpaceVault_repay() public {
        _deposit();
        vm.prank(user);
        vault.borrow(address(usd), 500 ether);
        vm.prank(user);
        vault.repay(address(usd), 500 ether);
        vm.snapshotGasLastCall("gas", "SpaceVault.repay");
    }

    function test_gas_SpaceVault_withdraw() public {
        _deposit();
        vm.prank(user);
        vault.withdraw(address(usd), 500 ether);
        vm.snapshotGasLastCall("gas", "SpaceVault.withdraw");
    }

    // ---- insurance ------------------------------------------------------------------------------------------------

    function _guardians() internal returns (address[] memory guardians) {
        guardians = new address[](3);
        guardians[0] = makeAddr("g1");
        guardians[1] = makeAddr("g2");
        guardians[2] = makeAddr("g3");
    }

    function test_gas_SpaceInsurance_createPolicy() public {
        address[] memory guardians = _guardians();
        address[] memory assets = new address[](1);
        assets[0] = address(usd);
        vm.prank(user);
        insurance.createPolicy(other, SpaceParameters.INSURANCE_MIN_TIMEOUT_S, guardians, assets);
        vm.snapshotGasLastCall("gas", "SpaceInsurance.createPolicy");
    }

    function test_gas_SpaceInsurance_ping() public {
        address[] memory guardians = _guardians();
        address[] memory assets = new address[](1);
        assets[0] = address(usd);
        vm.prank(user);
        insurance.createPolicy(other, SpaceParameters.INSURANCE_MIN_TIMEOUT_S, guardians, assets);
        vm.warp(block.timestamp + 1 days);
        vm.prank(user);
        insurance.ping();
        vm.snapshotGasLastCall("gas", "SpaceInsurance.ping");
    }

    // ---- identity and RWA -----------------------------------------------------------------------------------------

    function test_gas_SpaceIdentityRegistry_setIdentity() public {
        vm.prank(admin);
        registry.setIdentity(user, SpaceIdentityRegistry.KycLevel.Accredited, "VG", uint64(block.timestamp + 365 days));
        vm.snapshotGasLastCall("gas", "SpaceIdentityRegistry.setIdentity");
    }

    function _rwa() internal returns (SpaceRWAToken token) {
        vm.startPrank(admin);
        registry.setIdentity(user, SpaceIdentityRegistry.KycLevel.Accredited, "VG", uint64(block.timestamp + 365 days));
        registry.setIdentity(other, SpaceIdentityRegistry.KycLevel.Retail, "KY", uint64(block.timestamp + 365 days));
        token = rwaFactory.createToken(
            SpaceRWAFactory.TokenConfig({
                name: "Villa",
                symbol: "VILLA",
                decimals: 18,
                assetClass: SpaceRWAToken.AssetClass.RealEstate,
                dividendToken: IERC20(address(usd)),
                admin: admin,
                transferAgent: admin
            })
        );
        token.mint(user, 1_000 ether);
        vm.stopPrank();
    }

    function test_gas_SpaceRWAFactory_createToken() public {
        vm.prank(admin);
        rwaFactory.createToken(
            SpaceRWAFactory.TokenConfig({
                name: "Villa",
                symbol: "VILLA",
                decimals: 18,
                assetClass: SpaceRWAToken.AssetClass.RealEstate,
                dividendToken: IERC20(address(usd)),
                admin: admin,
                transferAgent: admin
            })
        );
        vm.snapshotGasLastCall("gas", "SpaceRWAFactory.createToken");
    }

    function test_gas_SpaceRWAToken_transfer() public {
        SpaceRWAToken token = _rwa();
        vm.prank(user);
        token.transfer(other, 10 ether);
        vm.snapshotGasLastCall("gas", "SpaceRWAToken.transfer");
    }

    // ---- staking, faucet, bond ------------------------------------------------------------------------------------

    function test_gas_SpaceFaucet_drip() public {
        vm.prank(other);
        faucet.drip();
        vm.snapshotGasLastCall("gas", "SpaceFaucet.drip");
    }

    function test_gas_SpaceStaking_stake() public {
        vm.prank(user);
        staking.stake{value: 1_000 ether}();
        vm.snapshotGasLastCall("gas", "SpaceStaking.stake");
    }

    function test_gas_SpaceStaking_requestUnstake() public {
        vm.prank(user);
        staking.stake{value: 1_000 ether}();
        vm.warp(block.timestamp + 30 days);
        vm.prank(user);
        staking.requestUnstake(500 ether);
        vm.snapshotGasLastCall("gas", "SpaceStaking.requestUnstake");
    }

    function test_gas_SpaceProviderBond_postBond() public {
        vm.prank(user);
        bond.postBond{value: SpaceParameters.PROVIDER_BOND_WEI}(keccak256("gpu-1"));
        vm.snapshotGasLastCall("gas", "SpaceProviderBond.postBond");
    }

    function test_gas_SpaceProviderBond_applyDowntimeVerdict() public {
        vm.prank(user);
        bond.postBond{value: SpaceParameters.PROVIDER_BOND_WEI}(keccak256("gpu-1"));
        vm.prank(admin);
        bond.applyDowntimeVerdict(keccak256("verdict-1"), keccak256("gpu-1"), 1);
        vm.snapshotGasLastCall("gas", "SpaceProviderBond.applyDowntimeVerdict");
    }

    // ---- settlement -----------------------------------------------------------------------------------------------

    function test_gas_InferenceSettlement_deposit() public {
        vm.prank(user);
        usd.approve(address(settlement), type(uint256).max);
        vm.prank(user);
        settlement.deposit(user, address(usd), 100 ether);
        vm.snapshotGasLastCall("gas", "InferenceSettlement.deposit");
    }

    function _records(uint256 n) internal view returns (InferenceSettlement.UsageRecord[] memory records) {
        records = new InferenceSettlement.UsageRecord[](n);
        for (uint256 i = 0; i < n; i++) {
            records[i] = InferenceSettlement.UsageRecord({
                receiptId: keccak256(abi.encode("receipt", i)),
                payer: user,
                asset: address(usd),
                price: 1 ether,
                provider: provider,
                modelOwner: modelOwner
            });
        }
    }

    function test_gas_InferenceSettlement_settleBatch1() public {
        vm.prank(user);
        usd.approve(address(settlement), type(uint256).max);
        vm.prank(user);
        settlement.deposit(user, address(usd), 100 ether);
        InferenceSettlement.UsageRecord[] memory records = _records(1);
        vm.prank(admin);
        settlement.settleBatch(records);
        vm.snapshotGasLastCall("gas", "InferenceSettlement.settleBatch(1 record)");
    }

    function test_gas_InferenceSettlement_settleBatch10() public {
        vm.prank(user);
        usd.approve(address(settlement), type(uint256).max);
        vm.prank(user);
        settlement.deposit(user, address(usd), 100 ether);
        InferenceSettlement.UsageRecord[] memory records = _records(10);
        vm.prank(admin);
        settlement.settleBatch(records);
        vm.snapshotGasLastCall("gas", "InferenceSettlement.settleBatch(10 records)");
    }
}
