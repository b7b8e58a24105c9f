"""Corpus of notebook 05_model: predict, two_layer_model, L_layer_model (format: harness.py)."""
from harness import Impl

PR = "predict"
TWO = "two_layer_model"
DEEP = "L_layer_model"

# the original course's two-layer loop, with {record} deciding when a cost is kept and {update} the update
TWO_LAYER = '''
def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    grads = {{}}
    costs = []
    (n_x, n_h, n_y) = layers_dims
    parameters = initialize_parameters(n_x, n_h, n_y)
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    for i in range(0, num_iterations):
        A1, cache1 = linear_activation_forward(X, W1, b1, "relu")
        A2, cache2 = linear_activation_forward(A1, W2, b2, "sigmoid")
        cost = compute_cost(A2, Y)
        dA2 = - (np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
        dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
        dA0, dW1, db1 = linear_activation_backward(dA1, cache1, "relu")
        grads['dW1'] = dW1
        grads['db1'] = db1
        grads['dW2'] = dW2
        grads['db2'] = db2
        {update}
        W1 = parameters["W1"]
        b1 = parameters["b1"]
        W2 = parameters["W2"]
        b2 = parameters["b2"]
        {record}
    return parameters, costs
'''
UPDATE = "parameters = update_parameters(parameters, grads, learning_rate)"
RECORD = '''if print_cost and i % 100 == 0:
            print("Cost after iteration {{}}: {{}}".format(i, np.squeeze(cost)))
        if i % 100 == 0:
            costs.append(cost)'''

# the original course's L-layer loop, likewise
DEEP_LAYER = '''
def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    costs = []
    parameters = {init}
    for i in range(0, num_iterations):
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        grads = L_model_backward(AL, Y, caches)
        {update}
        {record}
    return parameters, costs
'''
INIT = 'initialize_parameters_deep(layers_dims, seed=1, init="xavier")'

CASES = [
    # ---- predict: right -----------------------------------------------------------------------------
    Impl(function=PR, style="astype(int)", right=True, source='''
def predict(X, y, parameters):
    AL, caches = L_model_forward(X, parameters)
    p = (AL > 0.5).astype(int)
    print("Accuracy: " + str(np.mean(p == y)))
    return p
'''),
    Impl(function=PR, style="original: loop over the examples", right=True, source='''
def predict(X, y, parameters):
    m = X.shape[1]
    p = np.zeros((1, m))
    probas, caches = L_model_forward(X, parameters)
    for i in range(0, probas.shape[1]):
        if probas[0, i] > 0.5:
            p[0, i] = 1
        else:
            p[0, i] = 0
    print("Accuracy: " + str(np.sum((p == y) / m)))
    return p
'''),
    Impl(function=PR, style="np.where, percent", right=True, source='''
def predict(X, y, parameters):
    AL, _ = L_model_forward(X, parameters)
    p = np.where(AL > 0.5, 1, 0)
    print(f"Accuracy: {100 * np.mean(p == y):.2f}%")
    return p
'''),
    Impl(function=PR, style="np.round of the probabilities, accuracy as a percentage of count", right=True, source='''
def predict(X, y, parameters):
    probabilities, _ = L_model_forward(X, parameters)
    p = np.round(probabilities).astype(int)
    correct = np.sum(p == y)
    print("Accuracy: {:.2f} %".format(100 * correct / y.shape[1]))
    return p
'''),
    # ---- predict: wrong -----------------------------------------------------------------------------
    Impl(function=PR, style="returns the probabilities", right=False, words=["probabilities AL"], source='''
def predict(X, y, parameters):
    AL, caches = L_model_forward(X, parameters)
    print("Accuracy: " + str(np.mean((AL > 0.5) == y)))
    return AL
'''),
    Impl(function=PR, style="squeezed labels", right=False, words=["(1, m)"], source='''
def predict(X, y, parameters):
    AL, caches = L_model_forward(X, parameters)
    p = np.squeeze(AL > 0.5).astype(int)
    print("Accuracy:", np.mean(p == y))
    return p
'''),
    Impl(function=PR, style="classes swapped", right=False, words=["swapped"], source='''
def predict(X, y, parameters):
    AL, caches = L_model_forward(X, parameters)
    p = (AL < 0.5).astype(int)
    print("Accuracy:", np.mean(p == y))
    return p
'''),
    Impl(function=PR, style="accuracy not printed", right=False, words=["print the accuracy"], source='''
def predict(X, y, parameters):
    AL, caches = L_model_forward(X, parameters)
    return (AL > 0.5).astype(int)
'''),
    Impl(function=PR, style="prints the number right, not the fraction", right=False, words=["fraction"],
         source='''
def predict(X, y, parameters):
    AL, caches = L_model_forward(X, parameters)
    p = (AL > 0.5).astype(int)
    print("Correct:", int(np.sum(p == y)), "of", y.shape[1])
    return p
'''),
    # ---- two_layer_model: right ---------------------------------------------------------------------
    Impl(function=TWO, style="original template", right=True, source=TWO_LAYER.format(update=UPDATE, record=RECORD)),
    Impl(function=TWO, style="tqdm, need_dA_prev=False", right=True, source='''
def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    n_x, n_h, n_y = layers_dims
    parameters = initialize_parameters(n_x, n_h, n_y)
    costs = []
    for i in tqdm(range(num_iterations), disable=not print_cost):
        A1, cache1 = linear_activation_forward(X, parameters["W1"], parameters["b1"], "relu")
        A2, cache2 = linear_activation_forward(A1, parameters["W2"], parameters["b2"], "sigmoid")
        cost = compute_cost(A2, Y)
        dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
        dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
        _, dW1, db1 = linear_activation_backward(dA1, cache1, "relu", need_dA_prev=False)
        parameters = update_parameters(parameters, {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}, learning_rate)
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print(f"Cost after iteration {i}: {cost:f}")
    return parameters, costs
'''),
    # ---- two_layer_model: wrong ---------------------------------------------------------------------
    Impl(function=TWO, style="parameters never reread", right=False, words=["inside the loop", "read before the loop"],
         source='''
def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    costs = []
    n_x, n_h, n_y = layers_dims
    parameters = initialize_parameters(n_x, n_h, n_y)
    W1, b1, W2, b2 = parameters["W1"], parameters["b1"], parameters["W2"], parameters["b2"]
    for i in range(num_iterations):
        A1, cache1 = linear_activation_forward(X, W1, b1, "relu")
        A2, cache2 = linear_activation_forward(A1, W2, b2, "sigmoid")
        cost = compute_cost(A2, Y)
        dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
        dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
        _, dW1, db1 = linear_activation_backward(dA1, cache1, "relu")
        parameters = update_parameters(parameters, {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}, learning_rate)
        if i % 100 == 0:
            costs.append(cost)
    return parameters, costs
'''),
    Impl(function=TWO, style="original: costs kept only when printed", right=False, words=["costs is empty"],
         source=TWO_LAYER.format(update=UPDATE, record='''if print_cost and i % 100 == 0:
            print("Cost after iteration {{}}: {{}}".format(i, np.squeeze(cost)))
            costs.append(cost)''')),
    Impl(function=TWO, style="later original: last iteration kept too", right=False,
         words=["num_iterations - 1"], source=TWO_LAYER.format(update=UPDATE, record='''if i % 100 == 0 or i == num_iterations - 1:
            costs.append(cost)''')),
    Impl(function=TWO, style="update result dropped", right=False, words=["update_parameters"],
         source=TWO_LAYER.format(update="update_parameters(parameters, grads, learning_rate)", record=RECORD)),
    Impl(function=TWO, style="deep initialisation", right=False, words=["initialize_parameters(n_x, n_h, n_y)"],
         source=TWO_LAYER.format(update=UPDATE, record=RECORD).replace(
             "initialize_parameters(n_x, n_h, n_y)", "initialize_parameters_deep([n_x, n_h, n_y])")),
    Impl(function=TWO, style="dA2 without the minus", right=False, words=["cost grows"],
         source=TWO_LAYER.format(update=UPDATE, record=RECORD).replace(
             "dA2 = - (np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))",
             "dA2 = np.divide(Y, A2) - np.divide(1 - Y, 1 - A2)")),
    Impl(function=TWO, style="gradients of the two layers swapped in grads", right=False,
         words=["stored under another parameter's key"], source='''
def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    n_x, n_h, n_y = layers_dims
    parameters = initialize_parameters(n_x, n_h, n_y)
    costs = []
    for i in range(num_iterations):
        A1, cache1 = linear_activation_forward(X, parameters["W1"], parameters["b1"], "relu")
        A2, cache2 = linear_activation_forward(A1, parameters["W2"], parameters["b2"], "sigmoid")
        cost = compute_cost(A2, Y)
        dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
        dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
        _, dW1, db1 = linear_activation_backward(dA1, cache1, "relu")
        parameters = update_parameters(parameters, {"dW1": dW2, "db1": db2, "dW2": dW1, "db2": db1}, learning_rate)
        if i % 100 == 0:
            costs.append(cost)
    return parameters, costs
'''),
    Impl(function=TWO, style="sigmoid derivative for the hidden layer", right=False, words=["no mistake this check knows"],
         source='''
def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    n_x, n_h, n_y = layers_dims
    parameters = initialize_parameters(n_x, n_h, n_y)
    costs = []
    for i in range(num_iterations):
        A1, cache1 = linear_activation_forward(X, parameters["W1"], parameters["b1"], "relu")
        A2, cache2 = linear_activation_forward(A1, parameters["W2"], parameters["b2"], "sigmoid")
        cost = compute_cost(A2, Y)
        dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
        dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
        _, dW1, db1 = linear_activation_backward(dA1, cache1, "sigmoid")
        parameters = update_parameters(parameters, {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}, learning_rate)
        if i % 100 == 0:
            costs.append(cost)
    return parameters, costs
'''),
    Impl(function=PR, style="boolean labels", right=True, source='''
def predict(X, y, parameters):
    AL, _ = L_model_forward(X, parameters)
    p = AL > 0.5
    print("Accuracy:", np.mean(p == y))
    return p
'''),
    # ---- L_layer_model: right -----------------------------------------------------------------------
    Impl(function=DEEP, style="original template", right=True, source=DEEP_LAYER.format(
        init=INIT, update="parameters = update_parameters(parameters, grads, learning_rate)", record='''if print_cost and i % 100 == 0:
            print("Cost after iteration %i: %f" % (i, cost))
        if i % 100 == 0:
            costs.append(cost)''')),
    Impl(function=DEEP, style="original's initialize_parameters_deep(layers_dims)", right=True, source=DEEP_LAYER.format(
        init="initialize_parameters_deep(layers_dims)",
        update="parameters = update_parameters(parameters, grads, learning_rate)", record='''if i % 100 == 0:
            costs.append(cost)''')),
    Impl(function=DEEP, style="tqdm with set_postfix, need_dA0=False", right=True, source='''
def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    parameters = initialize_parameters_deep(layers_dims, seed=1, init="xavier")
    costs = []
    progress = tqdm(range(num_iterations), disable=not print_cost)
    for i in progress:
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        parameters = update_parameters(parameters, L_model_backward(AL, Y, caches, need_dA0=False), learning_rate)
        if i % 100 == 0:
            costs.append(cost)
            progress.set_postfix(cost=cost)
    return parameters, costs
'''),
    # ---- L_layer_model: wrong -----------------------------------------------------------------------
    Impl(function=DEEP, style="update result dropped", right=False, words=["update_parameters"], source=DEEP_LAYER.format(
        init=INIT, update="update_parameters(parameters, grads, learning_rate)", record='''if i % 100 == 0:
            costs.append(cost)''')),
    Impl(function=DEEP, style="he initialisation", right=False, words=["init='he'"], source=DEEP_LAYER.format(
        init='initialize_parameters_deep(layers_dims, seed=1, init="he")',
        update="parameters = update_parameters(parameters, grads, learning_rate)", record='''if i % 100 == 0:
            costs.append(cost)''')),
    Impl(function=DEEP, style="learning rate hard-coded", right=False, words=["learning rate is not the one given"],
         source=DEEP_LAYER.format(init=INIT, update="parameters = update_parameters(parameters, grads, 0.0075)",
                                  record='''if i % 100 == 0:
            costs.append(cost)''')),
    Impl(function=DEEP, style="cost of every iteration", right=False, words=["every iteration"], source=DEEP_LAYER.format(
        init=INIT, update="parameters = update_parameters(parameters, grads, learning_rate)",
        record="costs.append(cost)")),
    Impl(function=DEEP, style="original: costs kept only when printed", right=False, words=["costs is empty"],
         source=DEEP_LAYER.format(init=INIT, update="parameters = update_parameters(parameters, grads, learning_rate)",
                                  record='''if print_cost and i % 100 == 0:
            costs.append(cost)''')),
]
