# binary-trees: builds, checks and frees many perfect binary trees of heap nodes, deepest N,
# next to one long-lived tree; prints the node counts. Allocation, pointers and calls.
# Default N = 15; native size: N = 18.
import sys

MIN_DEPTH = 4


class Node:
    __slots__ = ("left", "right")

    def __init__(self):
        self.left = None
        self.right = None


def make_tree(depth):
    """A perfect tree of the given depth; a leaf's children are None."""
    node = Node()
    if depth > 0:
        node.left = make_tree(depth - 1)
        node.right = make_tree(depth - 1)
    return node


def check(tree):
    """The number of nodes in the tree."""
    if tree.left is None:
        return 1
    return 1 + check(tree.left) + check(tree.right)


# No free_tree: a tree's nodes are freed when the last reference to its root goes.


def main():
    n = 15
    if len(sys.argv) > 1:
        n = int(sys.argv[1])
    max_depth = max(MIN_DEPTH + 2, n)

    stretch_depth = max_depth + 1
    stretch = make_tree(stretch_depth)
    print("stretch tree of depth %d\t check: %d" % (stretch_depth, check(stretch)))
    del stretch

    long_lived = make_tree(max_depth)
    for depth in range(MIN_DEPTH, max_depth + 1, 2):
        iterations = 1 << (max_depth - depth + MIN_DEPTH)
        total = 0
        for _ in range(iterations):
            tree = make_tree(depth)
            total += check(tree)
            del tree
        print("%d\t trees of depth %d\t check: %d" % (iterations, depth, total))
    print("long lived tree of depth %d\t check: %d" % (max_depth, check(long_lived)))
    del long_lived


if __name__ == "__main__":
    main()
