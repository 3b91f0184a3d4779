// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Plain mintable ERC-20 with chosen decimals (stands in for USD.s 18 dp / USDT.s, USDC.s 6 dp in unit tests).
contract MockERC20 is ERC20 {
    uint8 private immutable _decimals;

    constructor(string memory name_, string memory symbol_, uint8 decimals_) ERC20(name_, symbol_) {
        _decimals = decimals_;
    }

    function decimals() public view override returns (uint8) {
        return _decimals;
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}

/// @notice Takes a 1 % cut on every transfer (unsupported by the vault; used to prove the mismatch check).
contract FeeOnTransferToken is MockERC20 {
    constructor() MockERC20("Fee", "FEE", 18) {}

    function _transfer(address from, address to, uint256 amount) internal override {
        uint256 cut = amount / 100;
        super._transfer(from, to, amount - cut);
        if (cut != 0) super._transfer(from, address(0xdead), cut);
    }
}

/// @notice A token whose transfers always revert (proves a bad token cannot block an insurance claim).
contract RevertingToken is MockERC20 {
    error Blocked();

    constructor() MockERC20("Broken", "BRK", 18) {}

    function _transfer(address, address, uint256) internal pure override {
        revert Blocked();
    }
}

/// @notice A token whose transferFrom returns false instead of reverting.
contract FalseReturningToken is MockERC20 {
    constructor() MockERC20("False", "FLS", 18) {}

    function transferFrom(address, address, uint256) public pure override returns (bool) {
        return false;
    }
}

/// @notice A token whose views revert (allowance/balanceOf), to exercise the sweep's failure path.
contract RevertingViewsToken is MockERC20 {
    error NoViews();

    constructor() MockERC20("NoViews", "NOV", 18) {}

    function allowance(address, address) public pure override returns (uint256) {
        revert NoViews();
    }
}

/// @notice A token whose balanceOf reverts (after allowance succeeded), for the sweep's inner failure path.
contract RevertingBalanceToken is MockERC20 {
    error NoBalance();

    constructor() MockERC20("NoBalance", "NOB", 18) {}

    function balanceOf(address) public pure override returns (uint256) {
        revert NoBalance();
    }
}
