// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title SpaceStablecoin
/// @notice An ERC-20 minted and burned only by its minters: USD.s, EUR.s, GBP.s (FiatStablecoinFactory) and the
///         bridged USDT.s, USDC.s (BridgeTokenFactory), white paper §8.
/// @dev The issuer (the factory that deployed it) is immutable and decides who else may mint and burn, so a fiat
///      token can also be moved across the native bridge when governance allows it.
contract SpaceStablecoin is ERC20 {
    /// @notice The factory that deployed this token; it manages the minters.
    address public immutable issuer;
    uint8 private immutable _decimals;

    /// @notice Addresses allowed to mint and burn (the issuer always is).
    mapping(address => bool) public isMinter;

    /// @notice The caller is neither the issuer nor a minter.
    error StablecoinUnauthorized(address caller);

    /// @notice A minter was added or removed by the issuer.
    /// @param minter The address whose permission changed.
    /// @param allowed Whether it may now mint and burn.
    event MinterSet(address indexed minter, bool allowed);

    /// @param name_ ERC-20 name, e.g. "SPACE OS USD".
    /// @param symbol_ ERC-20 symbol, e.g. "USD.s".
    /// @param decimals_ 18 for USD.s/EUR.s/GBP.s, 6 for USDT.s/USDC.s.
    constructor(string memory name_, string memory symbol_, uint8 decimals_) ERC20(name_, symbol_) {
        issuer = msg.sender;
        _decimals = decimals_;
    }

    modifier onlyMinter() {
        if (msg.sender != issuer && !isMinter[msg.sender]) revert StablecoinUnauthorized(msg.sender);
        _;
    }

    /// @notice Token precision (6 or 18).
    function decimals() public view override returns (uint8) {
        return _decimals;
    }

    /// @notice Allows or disallows `minter` to mint and burn. Issuer only.
    /// @param minter The address to change.
    /// @param allowed The new permission.
    function setMinter(address minter, bool allowed) external {
        if (msg.sender != issuer) revert StablecoinUnauthorized(msg.sender);
        isMinter[minter] = allowed;
        emit MinterSet(minter, allowed);
    }

    /// @notice Mints `amount` to `to`. Minters only.
    /// @param to Recipient.
    /// @param amount Amount in token units.
    function mint(address to, uint256 amount) external onlyMinter {
        _mint(to, amount);
    }

    /// @notice Burns `amount` from `from` without an allowance. Minters only: the factories burn for users who asked
    ///         them to (bridgeToNative, redemptions) and check that themselves.
    /// @param from Holder whose tokens are burned.
    /// @param amount Amount in token units.
    function burn(address from, uint256 amount) external onlyMinter {
        _burn(from, amount);
    }
}
