"""The course's build and grading commands around nbgrader.

``python -m autograder --help`` lists them. The modules:

- ``notebooks``: the source notebooks and their text twins (list, regenerate, execute);
- ``versions``: the student version (nbgrader ``generate_assignment``) and the solution version;
- ``course``: the nbgrader course directory and API with the course configuration.
"""
