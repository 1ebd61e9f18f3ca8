import logging
from multiprocessing import Pool

log = logging.getLogger("resizer")


def resize(image_id):
    log.info("resizing image %d", image_id)
    if image_id % 2:
        log.warning("image %d has no EXIF data", image_id)
    return image_id * 2


def main():
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    log.info("starting")
    with Pool(2) as pool:
        sizes = pool.map(resize, range(4))
    log.info("done: %s", sizes)


if __name__ == "__main__":
    main()
