"""What the notebooks import: activations, gradient checking, and the reference building blocks.

A notebook never depends on another notebook's answers: the building blocks a later notebook stands
on (initialisation, forward, cost, backward, update) are here, written once.
"""
from .activations import relu, relu_backward, sigmoid, sigmoid_backward
from .backward import L_model_backward, linear_activation_backward, linear_backward, update_parameters
from .cost import compute_cost
from .forward import L_model_forward, linear_activation_forward, linear_forward
from .gradcheck import numerical_gradient, rel_error
from .initialization import initialize_parameters, initialize_parameters_deep

__all__ = [
    "sigmoid", "relu", "sigmoid_backward", "relu_backward",
    "initialize_parameters", "initialize_parameters_deep",
    "linear_forward", "linear_activation_forward", "L_model_forward",
    "compute_cost",
    "linear_backward", "linear_activation_backward", "L_model_backward", "update_parameters",
    "numerical_gradient", "rel_error",
]
