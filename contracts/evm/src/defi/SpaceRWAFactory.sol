// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

import {SpaceAccess} from "../common/SpaceAccess.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SpaceIdentityRegistry} from "./SpaceIdentityRegistry.sol";
import {SpaceRWAToken} from "./SpaceRWAToken.sol";

/// @title SpaceRWAFactory — deploys compliant RWA tokens (white paper §10.3)
/// @notice The creator role deploys `SpaceRWAToken`s bound to one `SpaceIdentityRegistry` and keeps the list of
///         tokens it created.
contract SpaceRWAFactory is SpaceAccess {
    /// @notice Role that may create RWA tokens.
    bytes32 public constant CREATOR_ROLE = keccak256("CREATOR_ROLE");

    /// @notice Parameters of a new token.
    /// @param name ERC-20 name.
    /// @param symbol ERC-20 symbol.
    /// @param decimals ERC-20 decimals.
    /// @param assetClass Real estate, commodities, securities or art.
    /// @param dividendToken The stablecoin dividends are paid in (e.g. USD.s).
    /// @param admin The token's admin and issuer.
    /// @param transferAgent The token's transfer agent.
    struct TokenConfig {
        string name;
        string symbol;
        uint8 decimals;
        SpaceRWAToken.AssetClass assetClass;
        IERC20 dividendToken;
        address admin;
        address transferAgent;
    }

    /// @notice The registry every token checks.
    SpaceIdentityRegistry public immutable identityRegistry;
    /// @notice Whether an address is a token created here.
    mapping(address token => bool) public isRWAToken;
    address[] private _tokens;


    /// @notice A token was created.
    /// @param token The token address.
    /// @param assetClass Its asset class.
    /// @param name Its name.
    /// @param symbol Its symbol.
    /// @param admin Its admin and issuer.
    /// @param transferAgent Its transfer agent.
    event RWATokenCreated(
        address indexed token,
        SpaceRWAToken.AssetClass indexed assetClass,
        string name,
        string symbol,
        address indexed admin,
        address transferAgent
    );

    /// @notice Deploys the factory.
    /// @param admin Receives `DEFAULT_ADMIN_ROLE` and `CREATOR_ROLE`.
    /// @param registry The identity registry for every token.
    constructor(address admin, SpaceIdentityRegistry registry) SpaceAccess(admin) {
        if (address(registry) == address(0)) revert ZeroAddress();
        identityRegistry = registry;
        _grantRole(CREATOR_ROLE, admin);
    }

    /// @notice Deploys a new RWA token.
    /// @param config The token parameters.
    /// @return token The new token.
    function createToken(TokenConfig calldata config) external onlyRole(CREATOR_ROLE) returns (SpaceRWAToken token) {
        token = new SpaceRWAToken(
            config.name,
            config.symbol,
            config.decimals,
            config.assetClass,
            identityRegistry,
            config.dividendToken,
            config.admin,
            config.transferAgent
        );
        isRWAToken[address(token)] = true;
        _tokens.push(address(token));
        emit RWATokenCreated(
            address(token), config.assetClass, config.name, config.symbol, config.admin, config.transferAgent
        );
    }

    /// @notice All tokens created, in creation order.
    /// @return The token addresses.
    function tokens() external view returns (address[] memory) {
        return _tokens;
    }

    /// @notice Number of tokens created.
    /// @return The count.
    function tokenCount() external view returns (uint256) {
        return _tokens.length;
    }
}
