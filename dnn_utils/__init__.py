"""What the notebooks import: activations, gradient checking, data, plots, and the reference blocks.

A notebook never depends on another notebook's answers: the building blocks a later notebook stands
on (initialisation, forward, cost, backward, update, optimisers) are here, written once.

Submodules not imported here, to keep names apart or imports light: ``three_layer`` (the given
3-layer network of 06), ``layers`` (the layers of 09), ``digits`` (loads scikit-learn),
``images`` (picture grids), and the data set modules that are also commands (``catvnoncat``,
``football``, ``moons``: ``python -m dnn_utils.moons`` rebuilds its file).
"""
from .activations import relu, relu_backward, sigmoid, sigmoid_backward
from .backward import L_model_backward, linear_activation_backward, linear_backward, update_parameters
from .cost import compute_cost
from .data import load_data
from .forward import L_model_forward, linear_activation_forward, linear_forward
from .functions import cross_entropy_error, softmax
from .gradcheck import numerical_gradient, rel_error
from .initialization import initialize_parameters, initialize_parameters_deep
from .optimizers import (initialize_adam, initialize_velocity, random_mini_batches, update_parameters_with_adam,
                         update_parameters_with_gd, update_parameters_with_momentum)
from .vectorize import dictionary_to_vector, gradients_to_vector, vector_to_dictionary

__all__ = [
    "sigmoid", "relu", "sigmoid_backward", "relu_backward",
    "initialize_parameters", "initialize_parameters_deep",
    "linear_forward", "linear_activation_forward", "L_model_forward",
    "compute_cost",
    "linear_backward", "linear_activation_backward", "L_model_backward", "update_parameters",
    "numerical_gradient", "rel_error",
    "load_data",
    "update_parameters_with_gd", "random_mini_batches", "initialize_velocity", "update_parameters_with_momentum",
    "initialize_adam", "update_parameters_with_adam",
    "softmax", "cross_entropy_error",
    "dictionary_to_vector", "vector_to_dictionary", "gradients_to_vector",
]
