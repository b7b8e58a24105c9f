"""Corpus of notebook 08_gradient_check: the 1-D model and its check, numerical_gradient for arrays of any
shape, and gradient_check_n, right and wrong, in the styles students write them (the original course's
template and its helpers' old signatures, the book's numerical_gradient with np.nditer, np.ndindex, loops
over x.size, np.linalg.norm or a hand-written norm)."""
from harness import Impl

CASES = [
    # ---- forward_propagation / backward_propagation --------------------------------------------------
    Impl(function="forward_propagation", style="np.dot", right=True, source='''
def forward_propagation(x, theta):
    J = np.dot(theta, x)
    return J
'''),
    Impl(function="forward_propagation", style="theta + x", right=False, words=["multiplies"], source='''
def forward_propagation(x, theta):
    return theta + x
'''),
    Impl(function="backward_propagation", style="dtheta = x", right=True, source='''
def backward_propagation(x, theta):
    dtheta = x
    return dtheta
'''),
    Impl(function="backward_propagation", style="returns theta", right=False, words=["derivative", "is x"], source='''
def backward_propagation(x, theta):
    dtheta = theta
    return dtheta
'''),
]

GC_TEMPLATE = '''
def gradient_check(x, theta, epsilon=1e-7):
    thetaplus = theta + epsilon
    MINUS_LINE
    J_plus = forward_propagation(x, thetaplus)
    J_minus = forward_propagation(x, thetaminus)
    APPROX_LINE
    grad = backward_propagation(x, theta)
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    DIFF_LINE
    return difference
'''
GC_RIGHT = dict(MINUS_LINE='thetaminus = theta - epsilon',
                APPROX_LINE='gradapprox = (J_plus - J_minus) / (2 * epsilon)',
                DIFF_LINE='difference = numerator / denominator')


def gc(**lines):
    source = GC_TEMPLATE
    for key, line in dict(GC_RIGHT, **lines).items():
        source = source.replace(key, line)
    return source


CASES += [
    Impl(function="gradient_check", style="template", right=True, source=gc()),
    Impl(function="gradient_check", style="abs for the norms, print_msg", right=True, source='''
def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
    J_plus = forward_propagation(x, theta + epsilon)
    J_minus = forward_propagation(x, theta - epsilon)
    gradapprox = (J_plus - J_minus) / (2 * epsilon)
    grad = backward_propagation(x, theta)
    difference = abs(grad - gradapprox) / (abs(grad) + abs(gradapprox))
    if print_msg:
        print(difference)
    return difference
'''),
    Impl(function="gradient_check", style="theta_minus from theta_plus", right=False,
         words=["thetaminus", "thetaplus", "theta - epsilon"], absent=["times the expected"],
         source=gc(MINUS_LINE='thetaminus = thetaplus - epsilon')),
    Impl(function="gradient_check", style="J_plus - J_plus", right=False, words=["gradapprox = 0", "J_plus - J_minus"],
         absent=["times the expected"], source=gc(APPROX_LINE='gradapprox = (J_plus - J_plus) / (2 * epsilon)')),
    Impl(function="gradient_check", style="numerator and denominator swapped", right=False,
         words=["numerator", "denominator", "swapped"], absent=["times the expected"],
         source=gc(DIFF_LINE='difference = denominator / numerator')),
    Impl(function="gradient_check", style="divides by epsilon", right=False, words=["2 * epsilon"],
         source=gc(APPROX_LINE='gradapprox = (J_plus - J_minus) / epsilon')),
    Impl(function="gradient_check", style="J_minus - J_plus", right=False, words=["J_plus - J_minus"],
         absent=["times the expected"], source=gc(APPROX_LINE='gradapprox = (J_minus - J_plus) / (2 * epsilon)')),
    Impl(function="gradient_check", style="not relative", right=False, words=["not relative"],
         source=gc(DIFF_LINE='difference = numerator')),
    Impl(function="gradient_check", style="computes grad itself", right=False, words=["backward_propagation(x, theta)"],
         source=gc().replace("grad = backward_propagation(x, theta)", "grad = x")),
    # ---- numerical_gradient --------------------------------------------------------------------------
    Impl(function="numerical_gradient", style="np.nditer, the book's tmp_val", right=True, source='''
def numerical_gradient(f, x, epsilon=1e-5):
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=['multi_index'], op_flags=['readwrite'])
    while not it.finished:
        idx = it.multi_index
        tmp_val = x[idx]
        x[idx] = float(tmp_val) + epsilon
        fxh1 = f(x)
        x[idx] = tmp_val - epsilon
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * epsilon)
        x[idx] = tmp_val
        it.iternext()
    return grad
'''),
    Impl(function="numerical_gradient", style="np.ndindex", right=True, source='''
def numerical_gradient(f, x, epsilon=1e-5):
    grad = np.zeros(x.shape)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + epsilon
        plus = f(x)
        x[idx] = old - epsilon
        minus = f(x)
        x[idx] = old
        grad[idx] = (plus - minus) / (2 * epsilon)
    return grad
'''),
    Impl(function="numerical_gradient", style="flat view, range(x.size)", right=True, source='''
def numerical_gradient(f, x, epsilon=1e-5):
    flat = x.reshape(-1)
    grad = np.zeros(x.size)
    for i in range(x.size):
        old = flat[i]
        flat[i] = old + epsilon
        f_plus = float(f(x))
        flat[i] = old - epsilon
        f_minus = float(f(x))
        flat[i] = old
        grad[i] = (f_plus - f_minus) / (2 * epsilon)
    return grad.reshape(x.shape)
'''),
    Impl(function="numerical_gradient", style="one-sided difference", right=False, words=["one-sided", "centred"],
         absent=["times the expected"], source='''
def numerical_gradient(f, x, epsilon=1e-5):
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        fx = f(x)
        x[idx] = old + epsilon
        fxh = f(x)
        x[idx] = old
        grad[idx] = (fxh - fx) / epsilon
    return grad
'''),
    Impl(function="numerical_gradient", style="range(len(x)), the book's 1-D loop", right=False, words=["any shape"],
         source='''
def numerical_gradient(f, x, epsilon=1e-5):
    grad = np.zeros_like(x)
    for idx in range(x.size):
        tmp_val = x[idx]
        x[idx] = tmp_val + epsilon
        fxh1 = f(x)
        x[idx] = tmp_val - epsilon
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * epsilon)
        x[idx] = tmp_val
    return grad
'''),
    Impl(function="numerical_gradient", style="rows and columns, two loops", right=False, words=["any shape"], source='''
def numerical_gradient(f, x, epsilon=1e-5):
    grad = np.zeros_like(x)
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            old = x[i, j]
            x[i, j] = old + epsilon
            f_plus = f(x)
            x[i, j] = old - epsilon
            f_minus = f(x)
            x[i, j] = old
            grad[i, j] = (f_plus - f_minus) / (2 * epsilon)
    return grad
'''),
    Impl(function="numerical_gradient", style="perturbs a copy", right=False, words=["closure"], source='''
def numerical_gradient(f, x, epsilon=1e-5):
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        x_plus = x.copy()
        x_plus[idx] += epsilon
        x_minus = x.copy()
        x_minus[idx] -= epsilon
        grad[idx] = (f(x_plus) - f(x_minus)) / (2 * epsilon)
    return grad
'''),
    Impl(function="numerical_gradient", style="restores by arithmetic", right=False, words=["round-off", "x[idx] = old"],
         source='''
def numerical_gradient(f, x, epsilon=1e-5):
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        x[idx] += epsilon
        f_plus = f(x)
        x[idx] -= 2 * epsilon
        f_minus = f(x)
        x[idx] += epsilon
        grad[idx] = (f_plus - f_minus) / (2 * epsilon)
    return grad
'''),
]

GCN_TEMPLATE = '''
def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7):
    VALUES_LINE
    GRAD_LINE
    num_parameters = parameters_values.shape[0]
    J_plus = np.zeros((num_parameters, 1))
    J_minus = np.zeros((num_parameters, 1))
    gradapprox = np.zeros((num_parameters, 1))
    for i in range(num_parameters):
        PLUS_LINE
        theta_plus[i] = theta_plus[i] + epsilon
        AL, _ = L_model_forward(X, vector_to_dictionary(theta_plus, parameters))
        J_plus[i] = compute_cost(AL, Y)
        MINUS_LINE
        theta_minus[i] = theta_minus[i] - epsilon
        AL, _ = L_model_forward(X, vector_to_dictionary(theta_minus, parameters))
        J_minus[i] = compute_cost(AL, Y)
        APPROX_LINE
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    DIFF_LINE
    return difference
'''
GCN_RIGHT = dict(VALUES_LINE='parameters_values = dictionary_to_vector(parameters)',
                 GRAD_LINE='grad = gradients_to_vector(gradients, parameters)',
                 PLUS_LINE='theta_plus = np.copy(parameters_values)',
                 MINUS_LINE='theta_minus = np.copy(parameters_values)',
                 APPROX_LINE='gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)',
                 DIFF_LINE='difference = numerator / denominator')


def gcn(**lines):
    source = GCN_TEMPLATE
    for key, line in dict(GCN_RIGHT, **lines).items():
        source = source.replace(key, line)
    return source


CASES += [
    Impl(function="gradient_check_n", style="template", right=True, source=gcn()),
    Impl(function="gradient_check_n", style="1-D vectors, numerical_gradient-like loop", right=True, source='''
def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7):
    theta = dictionary_to_vector(parameters).ravel()
    grad = gradients_to_vector(gradients, parameters).ravel()

    def J(values):
        AL, _ = L_model_forward(X, vector_to_dictionary(values, parameters))
        return compute_cost(AL, Y)
    approx = np.zeros_like(theta)
    for i in range(theta.size):
        e = np.zeros_like(theta)
        e[i] = epsilon
        approx[i] = (J(theta + e) - J(theta - e)) / (2 * epsilon)
    return float(np.linalg.norm(grad - approx) / (np.linalg.norm(grad) + np.linalg.norm(approx)))
'''),
    Impl(function="gradient_check_n", style="old helper signatures (original course)", right=False,
         words=["dictionary_to_vector(parameters) returns", "original course"], absent=["keep its signature"],
         source=gcn(VALUES_LINE='parameters_values, _ = dictionary_to_vector(parameters)')),
    Impl(function="gradient_check_n", style="gradients_to_vector(gradients) (original course)", right=False,
         words=["gradients_to_vector(gradients, parameters)", "original course"], absent=["keep its signature"],
         source=gcn(GRAD_LINE='grad = gradients_to_vector(gradients)')),
    Impl(function="gradient_check_n", style="forward_propagation_n (original course)", right=False,
         words=["forward_propagation_n", "L_model_forward"], source=gcn().replace(
             "AL, _ = L_model_forward(X, vector_to_dictionary(theta_plus, parameters))\n        J_plus[i] = compute_cost(AL, Y)",
             "J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus, parameters))")),
    Impl(function="gradient_check_n", style="theta_minus from theta_plus", right=False,
         words=["theta_minus is copied from theta_plus", "fresh copy"], absent=["constant factor", "divides by epsilon"],
         source=gcn(MINUS_LINE='theta_minus = np.copy(theta_plus)')),
    Impl(function="gradient_check_n", style="no copy: theta_plus = parameters_values", right=False,
         words=["no copy", "fresh copy"], absent=["divides by epsilon"], source=gcn(PLUS_LINE='theta_plus = parameters_values')),
    Impl(function="gradient_check_n", style="J_plus - J_plus", right=False, words=["gradapprox = 0", "J_plus[i] - J_minus[i]"],
         source=gcn(APPROX_LINE='gradapprox[i] = (J_plus[i] - J_plus[i]) / (2 * epsilon)')),
    Impl(function="gradient_check_n", style="numerator and denominator swapped", right=False,
         words=["numerator", "denominator", "swapped"], source=gcn(DIFF_LINE='difference = denominator / numerator')),
    Impl(function="gradient_check_n", style="norm of the sum in the denominator", right=False,
         words=["norm(grad + gradapprox)"], source=gcn(
             DIFF_LINE='difference = numerator / np.linalg.norm(grad + gradapprox)')),
    Impl(function="gradient_check_n", style="divides by epsilon", right=False, words=["2 * epsilon"],
         source=gcn(APPROX_LINE='gradapprox[i] = (J_plus[i] - J_minus[i]) / epsilon')),
]
