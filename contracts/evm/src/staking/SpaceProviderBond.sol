// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

import {ReentrancyGuard} from "@openzeppelin/contracts/security/ReentrancyGuard.sol";
import {SpaceParameters} from "spaceos-params/SpaceParameters.sol";
import {SpaceAccess} from "../common/SpaceAccess.sol";

/// @title SpaceProviderBond
/// @notice Per-device provider bonds (white paper §5.4, §9.6): each registered GPU posts a bond of PROVIDER_BOND_WEI,
///         independent of the wallet stake. Downtime verdicts recorded by `spaceos.prov` on the native chain and
///         carried over by the bridge authority slash DOWNTIME_SLASH_BPS of the device's bond (each verdict id
///         once). Deregistration starts a PROVIDER_UNSTAKE_DELAY_S unbonding period, during which late verdicts can
///         still slash; then the owner withdraws what is left. Bad-proof slashing of the wallet stake stays native.
/// @dev Roles: DEFAULT_ADMIN_ROLE sets the treasury that receives slashed SPACE; BRIDGE_AUTHORITY_ROLE applies
///      verdicts. Posting, topping up, deregistering and withdrawing act on the caller's own devices only.
contract SpaceProviderBond is SpaceAccess, ReentrancyGuard {
    /// @notice Role of the native bridge's EVM caller: carries downtime verdicts over from `spaceos.prov`.
    bytes32 public constant BRIDGE_AUTHORITY_ROLE = keccak256("BRIDGE_AUTHORITY_ROLE");

    /// @notice Lifecycle of a device bond.
    enum Status {
        None,
        Active,
        Unbonding,
        Withdrawn
    }

    /// @notice A device's bond.
    struct Device {
        address owner;
        Status status;
        uint256 bond;
        uint256 unbondAt;
    }

    /// @notice Bonds by device id (the native chain's device/resource id, hashed to 32 bytes).
    mapping(bytes32 => Device) public devices;
    /// @notice Verdict ids already applied (replay protection).
    mapping(bytes32 => bool) public verdictApplied;
    /// @notice Receives slashed SPACE.
    address public treasury;
    /// @notice Sum of bonds held.
    uint256 public totalBonded;
    /// @notice Sum of SPACE slashed so far.
    uint256 public totalSlashed;

    /// @notice The device already has a bond that is not withdrawn.
    error DeviceAlreadyBonded(bytes32 deviceId);
    /// @notice The bond sent is not PROVIDER_BOND_WEI (or a top-up overshoots it).
    error WrongBondAmount(uint256 sent, uint256 expected);
    /// @notice The caller does not own the device.
    error NotDeviceOwner(bytes32 deviceId, address caller);
    /// @notice The device is not in the state this call needs.
    error WrongDeviceStatus(bytes32 deviceId, Status status);
    /// @notice The unbonding period has not passed.
    error BondLocked(bytes32 deviceId, uint256 unbondAt);
    /// @notice The verdict id was already applied.
    error VerdictAlreadyApplied(bytes32 verdictId);
    /// @notice Sending SPACE failed.
    error TransferFailed(address to, uint256 amount);

    /// @notice A device posted its bond.
    /// @param deviceId Device id.
    /// @param owner Provider wallet.
    /// @param amount Wei bonded.
    event BondPosted(bytes32 indexed deviceId, address indexed owner, uint256 amount);
    /// @notice A slashed bond was topped up.
    /// @param deviceId Device id.
    /// @param amount Wei added.
    event BondToppedUp(bytes32 indexed deviceId, uint256 amount);
    /// @notice A downtime verdict slashed a device's bond.
    /// @param verdictId Native verdict id.
    /// @param deviceId Device id.
    /// @param epoch Epoch of the breach.
    /// @param amount Wei slashed (sent to the treasury).
    /// @param remaining Bond left.
    event DowntimeSlashed(
        bytes32 indexed verdictId, bytes32 indexed deviceId, uint64 epoch, uint256 amount, uint256 remaining
    );
    /// @notice A device was deregistered and started unbonding.
    /// @param deviceId Device id.
    /// @param unbondAt When the bond can be withdrawn.
    event DeviceDeregistered(bytes32 indexed deviceId, uint256 unbondAt);
    /// @notice The remaining bond went back to the owner.
    /// @param deviceId Device id.
    /// @param owner Recipient.
    /// @param amount Wei returned.
    event BondWithdrawn(bytes32 indexed deviceId, address indexed owner, uint256 amount);
    /// @notice The treasury address changed.
    /// @param treasury New treasury.
    event TreasurySet(address indexed treasury);

    /// @param admin Governance address (DEFAULT_ADMIN_ROLE).
    /// @param bridgeAuthority The native bridge's EVM caller (BRIDGE_AUTHORITY_ROLE).
    /// @param treasury_ Receives slashed SPACE.
    constructor(address admin, address bridgeAuthority, address treasury_) SpaceAccess(admin) {
        if (bridgeAuthority == address(0) || treasury_ == address(0)) revert ZeroAddress();
        _grantRole(BRIDGE_AUTHORITY_ROLE, bridgeAuthority);
        treasury = treasury_;
        emit TreasurySet(treasury_);
    }

    /// @notice Posts the bond for `deviceId` (msg.value must be PROVIDER_BOND_WEI); the caller becomes its owner.
    /// @param deviceId Device id; a withdrawn device may bond again.
    function postBond(bytes32 deviceId) external payable {
        Device storage d = devices[deviceId];
        if (d.status == Status.Active || d.status == Status.Unbonding) revert DeviceAlreadyBonded(deviceId);
        if (msg.value != SpaceParameters.PROVIDER_BOND_WEI) {
            revert WrongBondAmount(msg.value, SpaceParameters.PROVIDER_BOND_WEI);
        }
        devices[deviceId] = Device({owner: msg.sender, status: Status.Active, bond: msg.value, unbondAt: 0});
        totalBonded += msg.value;
        emit BondPosted(deviceId, msg.sender, msg.value);
    }

    /// @notice Tops a slashed bond back up, at most to PROVIDER_BOND_WEI. Owner only, while active.
    /// @param deviceId Device id.
    function topUp(bytes32 deviceId) external payable {
        Device storage d = _owned(deviceId, Status.Active);
        if (msg.value == 0) revert ZeroAmount();
        if (d.bond + msg.value > SpaceParameters.PROVIDER_BOND_WEI) {
            revert WrongBondAmount(msg.value, SpaceParameters.PROVIDER_BOND_WEI - d.bond);
        }
        d.bond += msg.value;
        totalBonded += msg.value;
        emit BondToppedUp(deviceId, msg.value);
    }

    /// @notice Applies a downtime verdict from `spaceos.prov`: slashes DOWNTIME_SLASH_BPS of the device's bond to the
    ///         treasury. Bridge authority only; each verdict id once; active or unbonding devices.
    /// @param verdictId Native verdict id.
    /// @param deviceId Device id.
    /// @param epoch Epoch of the breach (recorded in the event).
    /// @return slashed Wei slashed.
    function applyDowntimeVerdict(bytes32 verdictId, bytes32 deviceId, uint64 epoch)
        external
        onlyRole(BRIDGE_AUTHORITY_ROLE)
        nonReentrant
        returns (uint256 slashed)
    {
        if (verdictApplied[verdictId]) revert VerdictAlreadyApplied(verdictId);
        Device storage d = devices[deviceId];
        if (d.status != Status.Active && d.status != Status.Unbonding) revert WrongDeviceStatus(deviceId, d.status);
        verdictApplied[verdictId] = true;
        slashed = (d.bond * SpaceParameters.DOWNTIME_SLASH_BPS) / SpaceParameters.BPS_DENOMINATOR;
        d.bond -= slashed;
        totalBonded -= slashed;
        totalSlashed += slashed;
        emit DowntimeSlashed(verdictId, deviceId, epoch, slashed, d.bond);
        if (slashed > 0) _send(treasury, slashed);
    }

    /// @notice Deregisters the device; the bond unlocks after PROVIDER_UNSTAKE_DELAY_S. Owner only.
    /// @param deviceId Device id.
    function deregister(bytes32 deviceId) external {
        Device storage d = _owned(deviceId, Status.Active);
        d.status = Status.Unbonding;
        d.unbondAt = block.timestamp + SpaceParameters.PROVIDER_UNSTAKE_DELAY_S;
        emit DeviceDeregistered(deviceId, d.unbondAt);
    }

    /// @notice Returns the remaining bond to the owner after unbonding. Owner only.
    /// @param deviceId Device id.
    function withdrawBond(bytes32 deviceId) external nonReentrant {
        Device storage d = _owned(deviceId, Status.Unbonding);
        if (block.timestamp < d.unbondAt) revert BondLocked(deviceId, d.unbondAt);
        uint256 amount = d.bond;
        d.bond = 0;
        d.status = Status.Withdrawn;
        totalBonded -= amount;
        emit BondWithdrawn(deviceId, msg.sender, amount);
        if (amount > 0) _send(msg.sender, amount);
    }

    /// @notice Sets the treasury that receives slashed SPACE. Admin only.
    /// @param treasury_ New treasury.
    function setTreasury(address treasury_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (treasury_ == address(0)) revert ZeroAddress();
        treasury = treasury_;
        emit TreasurySet(treasury_);
    }

    /// @notice The current bond of `deviceId`.
    /// @param deviceId Device id.
    function bondOf(bytes32 deviceId) external view returns (uint256) {
        return devices[deviceId].bond;
    }

    function _owned(bytes32 deviceId, Status status) private view returns (Device storage d) {
        d = devices[deviceId];
        if (d.owner != msg.sender) revert NotDeviceOwner(deviceId, msg.sender);
        if (d.status != status) revert WrongDeviceStatus(deviceId, d.status);
    }

    function _send(address to, uint256 amount) private {
        (bool ok,) = payable(to).call{value: amount}("");
        if (!ok) revert TransferFailed(to, amount);
    }
}
