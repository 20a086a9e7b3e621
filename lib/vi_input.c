/* vi_input.c - opening inputs (see vi_input.h). */
#include "vi_input.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int
vi_input_open_rdonly(const char *path)
{
	int fd;

	do
		fd = open(path, O_RDONLY | O_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	return fd;
}

int
vi_input_open(const char *path, struct vi_error *e)
{
	struct stat st;
	int fd, errnum;

	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = vi_input_open_rdonly(path)) < 0)
		return vi_error_set(e, VI_EX_NOINPUT, errno, 0, 0, "%s", "");
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		errnum = EISDIR;
		if (fd != STDIN_FILENO)
			close(fd);
		return vi_error_set(e, VI_EX_NOINPUT, errnum, 0, 0, "%s", "");
	}
	return fd;
}
