FROM debian:12.6
# A separator inside quotes is text: neither RUN installs anything
RUN echo "a; apt-get install -y curl"
RUN printf '%s\n' 'x && pip install requests' > /notes.txt 2>&1
