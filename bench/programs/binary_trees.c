/* binary-trees: builds, checks and frees many perfect binary trees of heap nodes, deepest N,
   next to one long-lived tree; prints the node counts. Allocation, pointers and calls.
   Default N = 15; native size: N = 18. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#define MIN_DEPTH 4

typedef struct Node {
    struct Node *left;
    struct Node *right;
} Node;

/* A perfect tree of the given depth; calloc zeroes, so a leaf's children are null. */
static Node *make_tree(int64_t depth) {
    Node *node = calloc(1, sizeof(Node));
    if (depth > 0) {
        node->left = make_tree(depth - 1);
        node->right = make_tree(depth - 1);
    }
    return node;
}

/* The number of nodes in the tree. */
static int64_t check(const Node *tree) {
    if (tree->left == NULL) {
        return 1;
    }
    return 1 + check(tree->left) + check(tree->right);
}

/* Gives every node of the tree back to the allocator. */
static void free_tree(Node *tree) {
    if (tree->left != NULL) {
        free_tree(tree->left);
        free_tree(tree->right);
    }
    free(tree);
}

int main(int argc, char **argv) {
    int64_t n = 15;
    if (argc > 1) {
        n = atoll(argv[1]);
    }
    int64_t max_depth = MIN_DEPTH + 2 > n ? MIN_DEPTH + 2 : n;

    int64_t stretch_depth = max_depth + 1;
    Node *stretch = make_tree(stretch_depth);
    printf("stretch tree of depth %" PRId64 "\t check: %" PRId64 "\n", stretch_depth, check(stretch));
    free_tree(stretch);

    Node *long_lived = make_tree(max_depth);
    for (int64_t depth = MIN_DEPTH; depth <= max_depth; depth += 2) {
        int64_t iterations = (int64_t)1 << (max_depth - depth + MIN_DEPTH);
        int64_t total = 0;
        for (int64_t i = 0; i < iterations; i++) {
            Node *tree = make_tree(depth);
            total += check(tree);
            free_tree(tree);
        }
        printf("%" PRId64 "\t trees of depth %" PRId64 "\t check: %" PRId64 "\n", iterations, depth, total);
    }
    printf("long lived tree of depth %" PRId64 "\t check: %" PRId64 "\n", max_depth, check(long_lived));
    free_tree(long_lived);
    return 0;
}
