/*===- classify.c - Classify an image with a quantc artifact --------------===*
 *
 * Part of the quantc project.
 *
 * Links model.so through its generated model.h (symbol prefix "model"):
 *
 *   quantc mobilenetv1_0.25_128.onnx -o model.so
 *   cc classify.c -I. -L. -l:model.so -Wl,-rpath,'$ORIGIN' -o classify
 *   ./classify image.npy [labels.tsv]
 *
 * image.npy holds one float32 tensor in the model's input shape (NCHW,
 * preprocessed as the model expects; see ../shared/data/README.md). Prints
 * the top-5 classes.
 *===----------------------------------------------------------------------===*/

#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads a little-endian float32 .npy of exactly `count` elements. */
static float *read_npy_f32(const char *path, long count) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "classify: cannot open %s\n", path);
    return NULL;
  }
  unsigned char pre[10];
  if (fread(pre, 1, 10, f) != 10 || memcmp(pre, "\x93NUMPY", 6) != 0 ||
      pre[6] != 1) {
    fprintf(stderr, "classify: %s is not a version-1 .npy file\n", path);
    fclose(f);
    return NULL;
  }
  unsigned hlen = pre[8] | (pre[9] << 8);
  char *header = malloc(hlen + 1);
  if (fread(header, 1, hlen, f) != hlen) {
    fclose(f);
    free(header);
    return NULL;
  }
  header[hlen] = '\0';
  if (!strstr(header, "'<f4'") || strstr(header, "True")) {
    fprintf(stderr, "classify: %s must hold C-order float32 data\n", path);
    fclose(f);
    free(header);
    return NULL;
  }
  free(header);
  float *data = malloc(count * sizeof(float));
  long got = (long)fread(data, sizeof(float), count, f);
  int extra = fgetc(f) != EOF;
  fclose(f);
  if (got != count || extra) {
    fprintf(stderr, "classify: %s does not hold exactly %ld floats\n", path,
            count);
    free(data);
    return NULL;
  }
  return data;
}

/* Class names from labels.tsv (column 3: name, rows by class index). */
static char **read_labels(const char *path, int n) {
  FILE *f = path ? fopen(path, "r") : NULL;
  if (!f)
    return NULL;
  char **names = calloc(n, sizeof(char *));
  char line[1024];
  if (!fgets(line, sizeof line, f)) { /* header */
    fclose(f);
    return names;
  }
  while (fgets(line, sizeof line, f)) {
    int index = atoi(line);
    char *c1 = strchr(line, '\t');
    char *c2 = c1 ? strchr(c1 + 1, '\t') : NULL;
    char *c3 = c2 ? strchr(c2 + 1, '\t') : NULL;
    if (!c3 || index < 0 || index >= n)
      continue;
    *c3 = '\0';
    names[index] = strdup(c2 + 1);
  }
  fclose(f);
  return names;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s image.npy [labels.tsv]\n", argv[0]);
    return 2;
  }
  const quantc_tensor_info *in = model_input_info(0);
  const quantc_tensor_info *out = model_output_info(0);
  if (!in || !out || in->dtype != QUANTC_DTYPE_F32 ||
      out->dtype != QUANTC_DTYPE_F32) {
    fprintf(stderr, "classify: expected a float model\n");
    return 1;
  }
  float *image = read_npy_f32(argv[1], in->num_elements);
  if (!image)
    return 1;
  float *scores = malloc(out->num_elements * sizeof(float));

  quantc_context *ctx;
  if (model_create(1, &ctx) != QUANTC_OK) {
    fprintf(stderr, "classify: cannot create a context\n");
    return 1;
  }
  const void *inputs[] = {image};
  void *outputs[] = {scores};
  if (model_run(ctx, inputs, outputs) != QUANTC_OK) {
    fprintf(stderr, "classify: %s\n", model_last_error(ctx));
    model_destroy(ctx);
    return 1;
  }
  model_destroy(ctx);

  int classes = (int)out->num_elements;
  char **labels = read_labels(argc > 2 ? argv[2] : NULL, classes);
  printf("input %s, output %s (%d classes); top 5:\n", in->name, out->name,
         classes);
  for (int k = 0; k < 5 && k < classes; ++k) {
    int best = -1;
    for (int c = 0; c < classes; ++c)
      if (best < 0 || scores[c] > scores[best])
        best = c;
    printf("  %4d  %10.4f  %s\n", best, scores[best],
           labels && labels[best] ? labels[best] : "");
    scores[best] = -1e30f;
  }
  free(image);
  free(scores);
  return 0;
}
