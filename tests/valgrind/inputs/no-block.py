import multiprocessing
print('hi')
