// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

import {SpaceAccess} from "../common/SpaceAccess.sol";
import {Pausable} from "@openzeppelin/contracts/security/Pausable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/security/ReentrancyGuard.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SpaceParameters} from "spaceos-params/SpaceParameters.sol";

/// @title SpaceVault — self-collateralised, same-asset lending (white paper §10.1)
/// @notice A user deposits a supported stablecoin (USD.s, USDT.s, USDC.s) and borrows the same asset up to
///         `VAULT_LTV_BPS` (95 %) of their own deposit. There is no oracle and no liquidation: deposit and debt are in
///         the same asset, so a position can never become under-collateralised by a price move.
/// @dev Origination fee: `VAULT_ORIGINATION_FEE_BPS` (0.5 %) of the borrowed amount, rounded up, is **deducted from
///      the disbursement** and sent to the fee recipient. The debt is the full borrowed amount. Hence, per asset,
///      `balanceOf(vault) == totalDeposits - totalDebt` (plus anything donated), and `debt <= deposit * LTV` holds
///      for every position after every call. Positions are per (user, asset); assets never mix.
///      Delisting an asset stops new deposits and borrows only; repay and withdraw always work, also while paused.
contract SpaceVault is SpaceAccess, Pausable, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice Role that lists/delists assets, sets the fee recipient and pauses new deposits and borrows.
    bytes32 public constant VAULT_ADMIN_ROLE = keccak256("VAULT_ADMIN_ROLE");

    /// @notice Basis-point denominator (10000 = 100 %), the convention of spec/parameters.yaml.
    uint256 public constant BPS_DENOMINATOR = SpaceParameters.BPS_DENOMINATOR;
    /// @notice Largest debt as a share of the deposit, in bps (95 %).
    uint256 public constant LTV_BPS = SpaceParameters.VAULT_LTV_BPS;
    /// @notice Origination fee on every borrow, in bps (0.5 %).
    uint256 public constant ORIGINATION_FEE_BPS = SpaceParameters.VAULT_ORIGINATION_FEE_BPS;

    /// @notice One user's position in one asset.
    struct Position {
        uint256 deposit;
        uint256 debt;
    }

    /// @notice Receiver of origination fees.
    address public feeRecipient;
    /// @notice Whether an asset may be deposited and borrowed.
    mapping(address asset => bool) public isSupportedAsset;
    /// @notice Sum of all deposits per asset.
    mapping(address asset => uint256) public totalDeposits;
    /// @notice Sum of all debts per asset.
    mapping(address asset => uint256) public totalDebt;
    /// @notice Sum of all origination fees ever paid per asset.
    mapping(address asset => uint256) public totalFeesPaid;
    mapping(address user => mapping(address asset => Position)) private _positions;

    /// @notice The asset is not (or no longer) supported for deposits and borrows.
    error VaultAssetNotSupported(address asset);
    /// @notice The borrow would take the debt above `LTV_BPS` of the deposit.
    error VaultBorrowExceedsLtv(uint256 requested, uint256 available);
    /// @notice The withdrawal would leave the debt above `LTV_BPS` of the remaining deposit.
    error VaultWithdrawExceedsLtv(uint256 requested, uint256 available);
    /// @notice The repayment exceeds the outstanding debt.
    error VaultRepayExceedsDebt(uint256 amount, uint256 debt);
    /// @notice The borrow is so small that the fee would take all of it.
    error VaultBorrowBelowFee(uint256 amount, uint256 fee);
    /// @notice Deposits and borrows are paused (repay and withdraw still work).
    error VaultPaused();
    /// @notice The token moved a different amount than requested (fee-on-transfer tokens are not supported).
    error VaultTransferAmountMismatch(uint256 expected, uint256 received);

    /// @notice An asset was listed or delisted.
    /// @param asset The ERC-20 token.
    /// @param supported Whether new deposits and borrows are accepted.
    event AssetSupportSet(address indexed asset, bool supported);
    /// @notice The fee recipient changed.
    /// @param previous The old recipient.
    /// @param current The new recipient.
    event FeeRecipientSet(address indexed previous, address indexed current);
    /// @notice A user deposited collateral.
    /// @param user The depositor.
    /// @param asset The token.
    /// @param amount The amount added to the deposit.
    event Deposited(address indexed user, address indexed asset, uint256 amount);
    /// @notice A user withdrew collateral.
    /// @param user The depositor.
    /// @param asset The token.
    /// @param amount The amount taken from the deposit.
    event Withdrawn(address indexed user, address indexed asset, uint256 amount);
    /// @notice A user borrowed against their deposit.
    /// @param user The borrower.
    /// @param asset The token.
    /// @param amount The amount added to the debt.
    /// @param fee The origination fee sent to the fee recipient.
    /// @param disbursed The amount paid to the borrower (`amount - fee`).
    event Borrowed(address indexed user, address indexed asset, uint256 amount, uint256 fee, uint256 disbursed);
    /// @notice A user repaid debt.
    /// @param user The borrower.
    /// @param asset The token.
    /// @param amount The amount taken off the debt.
    event Repaid(address indexed user, address indexed asset, uint256 amount);

    /// @notice Deploys the vault.
    /// @param admin Receives `DEFAULT_ADMIN_ROLE` and `VAULT_ADMIN_ROLE`.
    /// @param feeRecipient_ Receiver of origination fees.
    /// @param assets Assets supported from the start (USD.s, USDT.s, USDC.s).
    constructor(address admin, address feeRecipient_, address[] memory assets) SpaceAccess(admin) {
        if (feeRecipient_ == address(0)) revert ZeroAddress();
        _grantRole(VAULT_ADMIN_ROLE, admin);
        feeRecipient = feeRecipient_;
        emit FeeRecipientSet(address(0), feeRecipient_);
        for (uint256 i = 0; i < assets.length; ++i) {
            _setAssetSupported(assets[i], true);
        }
    }

    // ---------------------------------------------------------------- admin

    /// @notice Lists or delists an asset. Delisting blocks new deposits and borrows; repay and withdraw keep working.
    /// @param asset The ERC-20 token.
    /// @param supported Whether the asset is accepted.
    function setAssetSupported(address asset, bool supported) external onlyRole(VAULT_ADMIN_ROLE) {
        _setAssetSupported(asset, supported);
    }

    /// @notice Sets the receiver of origination fees.
    /// @param recipient The new fee recipient (not zero).
    function setFeeRecipient(address recipient) external onlyRole(VAULT_ADMIN_ROLE) {
        if (recipient == address(0)) revert ZeroAddress();
        emit FeeRecipientSet(feeRecipient, recipient);
        feeRecipient = recipient;
    }

    /// @notice Pauses new deposits and borrows (repay and withdraw stay open so users can always exit).
    function pause() external onlyRole(VAULT_ADMIN_ROLE) {
        _pause();
    }

    /// @notice Resumes deposits and borrows.
    function unpause() external onlyRole(VAULT_ADMIN_ROLE) {
        _unpause();
    }

    // ---------------------------------------------------------------- user actions

    /// @notice Deposits `amount` of `asset` as collateral. The caller must have approved the vault.
    /// @param asset A supported token.
    /// @param amount The amount to deposit (> 0).
    function deposit(address asset, uint256 amount) external nonReentrant whenNotPaused {
        if (amount == 0) revert ZeroAmount();
        if (!isSupportedAsset[asset]) revert VaultAssetNotSupported(asset);
        _pull(asset, msg.sender, amount);
        _positions[msg.sender][asset].deposit += amount;
        totalDeposits[asset] += amount;
        emit Deposited(msg.sender, asset, amount);
    }

    /// @notice Borrows `amount` of `asset` against the caller's own deposit of the same asset. The debt grows by
    ///         `amount`; the caller receives `amount - fee`, the fee recipient `fee` (0.5 %, rounded up).
    /// @param asset A supported token the caller has deposited.
    /// @param amount The amount added to the debt (> fee).
    /// @return disbursed The amount paid to the caller.
    function borrow(address asset, uint256 amount) external nonReentrant whenNotPaused returns (uint256 disbursed) {
        if (amount == 0) revert ZeroAmount();
        if (!isSupportedAsset[asset]) revert VaultAssetNotSupported(asset);
        Position storage position = _positions[msg.sender][asset];
        uint256 available = _borrowCapacity(position.deposit, position.debt);
        if (amount > available) revert VaultBorrowExceedsLtv(amount, available);
        uint256 fee = originationFee(amount);
        if (fee >= amount) revert VaultBorrowBelowFee(amount, fee);
        disbursed = amount - fee;
        position.debt += amount;
        totalDebt[asset] += amount;
        totalFeesPaid[asset] += fee;
        IERC20(asset).safeTransfer(feeRecipient, fee);
        IERC20(asset).safeTransfer(msg.sender, disbursed);
        emit Borrowed(msg.sender, asset, amount, fee, disbursed);
    }

    /// @notice Repays `amount` of the caller's debt in `asset`. Works for delisted assets and while paused.
    /// @param asset The token of the debt.
    /// @param amount The amount to repay (> 0, at most the debt).
    function repay(address asset, uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        Position storage position = _positions[msg.sender][asset];
        if (amount > position.debt) revert VaultRepayExceedsDebt(amount, position.debt);
        _pull(asset, msg.sender, amount);
        position.debt -= amount;
        totalDebt[asset] -= amount;
        emit Repaid(msg.sender, asset, amount);
    }

    /// @notice Withdraws `amount` of the caller's deposit, as far as the remaining deposit still covers the debt at
    ///         `LTV_BPS`. Works for delisted assets and while paused.
    /// @param asset The token of the deposit.
    /// @param amount The amount to withdraw (> 0, at most `maxWithdraw`).
    function withdraw(address asset, uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        Position storage position = _positions[msg.sender][asset];
        uint256 available = _withdrawCapacity(position.deposit, position.debt);
        if (amount > available) revert VaultWithdrawExceedsLtv(amount, available);
        position.deposit -= amount;
        totalDeposits[asset] -= amount;
        IERC20(asset).safeTransfer(msg.sender, amount);
        emit Withdrawn(msg.sender, asset, amount);
    }

    // ---------------------------------------------------------------- views

    /// @notice The position of `user` in `asset`.
    /// @param user The account.
    /// @param asset The token.
    /// @return The deposit and the debt.
    function positionOf(address user, address asset) external view returns (Position memory) {
        return _positions[user][asset];
    }

    /// @notice How much more `user` may borrow in `asset` (debt growth, before the fee is deducted).
    /// @param user The account.
    /// @param asset The token.
    /// @return The largest `amount` `borrow` accepts.
    function maxBorrow(address user, address asset) external view returns (uint256) {
        Position storage position = _positions[user][asset];
        return _borrowCapacity(position.deposit, position.debt);
    }

    /// @notice How much `user` may withdraw from the deposit in `asset` with the current debt.
    /// @param user The account.
    /// @param asset The token.
    /// @return The largest `amount` `withdraw` accepts.
    function maxWithdraw(address user, address asset) external view returns (uint256) {
        Position storage position = _positions[user][asset];
        return _withdrawCapacity(position.deposit, position.debt);
    }

    /// @notice The origination fee charged on a borrow of `amount` (0.5 %, rounded up).
    /// @param amount The borrowed amount.
    /// @return The fee.
    function originationFee(uint256 amount) public pure returns (uint256) {
        return Math.mulDiv(amount, ORIGINATION_FEE_BPS, BPS_DENOMINATOR, Math.Rounding.Up);
    }

    // ---------------------------------------------------------------- internals

    /// @dev Replaces Pausable's string revert with {VaultPaused}.
    function _requireNotPaused() internal view override {
        if (paused()) revert VaultPaused();
    }

    /// @dev debt + amount <= deposit * LTV / BPS (rounded down, so the LTV bound is never exceeded).
    function _borrowCapacity(uint256 deposited, uint256 debt) private pure returns (uint256) {
        uint256 limit = Math.mulDiv(deposited, LTV_BPS, BPS_DENOMINATOR);
        return limit > debt ? limit - debt : 0;
    }

    /// @dev Largest w with debt * BPS <= (deposit - w) * LTV, i.e. w = deposit - ceil(debt * BPS / LTV).
    function _withdrawCapacity(uint256 deposited, uint256 debt) private pure returns (uint256) {
        uint256 required = Math.mulDiv(debt, BPS_DENOMINATOR, LTV_BPS, Math.Rounding.Up);
        return deposited > required ? deposited - required : 0;
    }

    function _setAssetSupported(address asset, bool supported) private {
        if (asset == address(0)) revert ZeroAddress();
        isSupportedAsset[asset] = supported;
        emit AssetSupportSet(asset, supported);
    }

    function _pull(address asset, address from, uint256 amount) private {
        IERC20 token = IERC20(asset);
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(from, address(this), amount);
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != amount) revert VaultTransferAmountMismatch(amount, received);
    }
}
